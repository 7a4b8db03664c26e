import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { DUR, expectComposite, plus, profile, setProfile, STACK, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_056_CS Central Smart Charging - TxDefaultProfile", () => {
  test("a TxDefaultProfile on the connector is Accepted and makes its composite schedule, in A", async () => {
    const station = await ConformanceStation.start();
    const from = t0();
    await setProfile(station, C, profile({ id: 1, purpose: "TxDefaultProfile", stackLevel: STACK, startSchedule: from, duration: DUR, periods: [[0, 6]] }));
    // The profile ends DUR after T0; then only the connector's 32 A rating is left.
    await expectComposite(station, { connectorId: C, duration: DUR }, from, [[0, 6], [DUR, 32]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("the same in W: 6000 W, converted for nothing", async () => {
    const station = await ConformanceStation.start();
    const from = t0();
    await setProfile(station, C, profile({ id: 1, purpose: "TxDefaultProfile", stackLevel: STACK, startSchedule: from, duration: DUR, unit: "W", periods: [[0, 6]] }));
    await expectComposite(station, { connectorId: C, duration: DUR, unit: "W" }, from, [[0, 6_000], [DUR, 22_080]]);
    // And asked in A: 6000 W / (230 V × 3) = 8.69 A, rounded down.
    await expectComposite(station, { connectorId: C, duration: 60 }, plus(from, 0), [[0, 8.6]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
