import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { DUR, expectComposite, profile, setProfile, STACK, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_082_CS Central Smart Charging - TxDefaultProfile - with ongoing transaction", () => {
  test("a TxDefaultProfile sent during a transaction is Accepted and applies to it (E3.8)", async () => {
    const station = await ConformanceStation.start();
    await station.rsCharging();
    const from = t0();
    await setProfile(station, C, profile({ id: 1, purpose: "TxDefaultProfile", stackLevel: STACK, startSchedule: from, duration: DUR, periods: [[0, 6]] }));
    await expectComposite(station, { connectorId: C, duration: DUR }, from, [[0, 6], [DUR, 32]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
