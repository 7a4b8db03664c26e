import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { DUR, profile, STACK, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_058_1_CS Central Smart Charging - No ongoing transaction", () => {
  test("a TxProfile while no transaction runs is Rejected", async () => {
    const station = await ConformanceStation.start();
    const csChargingProfiles = profile({ id: 1, purpose: "TxProfile", transactionId: 1234, stackLevel: STACK, startSchedule: t0(), duration: DUR, periods: [[0, 6]] });
    expect(await station.request("SetChargingProfile", { connectorId: C, csChargingProfiles })).toEqual({ status: "Rejected" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
