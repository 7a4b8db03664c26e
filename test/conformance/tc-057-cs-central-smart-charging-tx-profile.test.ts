import { describe, expect, test } from "bun:test";
import { diagJson } from "../support/binary.ts";
import { eventually } from "../support/eventually.ts";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { DUR, expectComposite, profile, setProfile, STACK, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_057_CS Central Smart Charging - TxProfile", () => {
  test("a TxProfile with the running transaction's id is Accepted, makes the composite schedule and is what the pilot offers", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();
    const from = t0();
    await setProfile(station, C, profile({ id: 1, purpose: "TxProfile", transactionId, stackLevel: STACK, startSchedule: from, duration: DUR, periods: [[0, 6]] }));
    await expectComposite(station, { connectorId: C, duration: DUR }, from, [[0, 6], [DUR, 32]]);
    type Report = { connectors: { id: number; offeredA: number | null }[]; profiles: { SmartCharging: { data: { connectors: { connectorId: number; limitA: number; source: unknown }[] } } } };
    const report = await eventually(() => diagJson<Report>(station.config, station.cwd), (r) => r.connectors.find((c) => c.id === C)?.offeredA === 6, "the pilot offering 6 A", 5_000);
    // diag names the limit and its source.
    expect(report.profiles.SmartCharging.data.connectors.find((c) => c.connectorId === C)).toMatchObject({ limitA: 6, source: { kind: "profile", chargingProfileId: 1, purpose: "TxProfile", startPeriod: 0 } });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
