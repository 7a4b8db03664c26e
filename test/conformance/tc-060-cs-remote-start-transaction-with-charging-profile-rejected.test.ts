import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe, transactionDurationMs, VALID } from "./harness.ts";
import { DUR, profile, STACK, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_060_CS Remote Start Transaction with Charging Profile - Rejected", () => {
  test("a chargingProfile that is not a TxProfile rejects the remote start, and nothing starts", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    await station.sim("plug", String(C));
    const chargingProfile = profile({ id: 1, purpose: "TxDefaultProfile", stackLevel: STACK, startSchedule: t0(), duration: DUR, periods: [[0, 6]] });
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID, chargingProfile })).toEqual({ status: "Rejected" });
    await observe(transactionDurationMs);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(matching(station.callsSince(since), call("Authorize"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
