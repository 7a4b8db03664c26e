import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { expectComposite, plus, profile, setProfile, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_072_CS Stacking Charging Profiles", () => {
  test("the higher stack level wins while its schedule runs; after its duration the lower one applies", async () => {
    const station = await ConformanceStation.start();
    const from = t0();
    const validity = { validFrom: from, validTo: plus(from, 401), startSchedule: from };
    await setProfile(station, C, profile({ id: 1, purpose: "TxDefaultProfile", stackLevel: 0, ...validity, duration: 400, periods: [[0, 6], [100, 8], [200, 10]] }));
    await setProfile(station, C, profile({ id: 2, purpose: "TxDefaultProfile", stackLevel: 1, ...validity, duration: 150, periods: [[0, 7], [100, 9]] }));
    await expectComposite(station, { connectorId: C, duration: 350 }, from, [[0, 7], [100, 9], [150, 8], [200, 10]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
