import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { DUR, profile, STACK, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_058_2_CS Central Smart Charging - Wrong transactionId", () => {
  test("a TxProfile for another transactionId is Rejected, and the transaction charges on", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();
    const since = station.mark();
    const csChargingProfiles = profile({ id: 1, purpose: "TxProfile", transactionId: transactionId + 1, stackLevel: STACK, startSchedule: t0(), duration: DUR, periods: [[0, 6]] });
    expect(await station.request("SetChargingProfile", { connectorId: C, csChargingProfiles })).toEqual({ status: "Rejected" });
    expect(station.statuses(C, since)).toEqual([]);
    expect(station.callsSince(since).filter((c) => c.action === "StopTransaction")).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
