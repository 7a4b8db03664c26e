import { describe, expect, test } from "bun:test";
import { diagJson } from "../support/binary.ts";
import { eventually } from "../support/eventually.ts";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID } from "./harness.ts";
import { DUR, profile, STACK } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_059_CS Remote Start Transaction with Charging Profile", () => {
  test("the TxProfile of the RemoteStartTransaction applies to the transaction it starts: composite schedule and pilot", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since);
    // Relative: the periods count from the start of the transaction.
    const chargingProfile = profile({ id: 1, purpose: "TxProfile", stackLevel: STACK, kind: "Relative", duration: DUR, periods: [[0, 10], [120, 16]] });
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID, chargingProfile })).toEqual({ status: "Accepted" });
    const start = await station.waitFor(call("StartTransaction", { connectorId: C, idTag: VALID }), since);
    await station.waitFor(status(C, "Charging"), since);
    const startedAt = new Date(start.payload.timestamp);
    // The transaction started within a second: its 120 s boundary falls in that second, reported from the next one.
    const answer = await station.request("GetCompositeSchedule", { connectorId: C, duration: DUR, chargingRateUnit: "A" });
    const x = (Date.parse(answer.scheduleStart) - startedAt.getTime()) / 1000;
    expect(answer).toMatchObject({ status: "Accepted", connectorId: C, chargingSchedule: { duration: DUR, chargingRateUnit: "A" } });
    // scheduleStart is the request's second, which may be the transaction's own: a boundary past DUR is not reported.
    const expected = [[0, 10], [Math.ceil(120 - x), 16], [Math.ceil(DUR - x), 32]].filter(([startPeriod]) => startPeriod! < DUR);
    expect(answer.chargingSchedule.chargingSchedulePeriod.map((p: { startPeriod: number; limit: number }) => [p.startPeriod, p.limit])).toEqual(expected);
    type Report = { connectors: { id: number; offeredA: number | null }[] };
    await eventually(() => diagJson<Report>(station.config, station.cwd), (r) => r.connectors.find((c) => c.id === C)?.offeredA === 10, "the pilot offering 10 A", 5_000);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
