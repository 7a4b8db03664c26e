import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { expectComposite, plus, profile, setProfile, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_066_CS Get Composite Schedule", () => {
  test("ChargePointMax, TxDefault and TxProfile make exactly (0 → 8), (50−x → 10), (200−x → 6), (240−x → 10)", async () => {
    const station = await ConformanceStation.start();
    const keys = await station.request("GetConfiguration", { key: ["MaxChargingProfilesInstalled", "ChargingScheduleMaxPeriods"] });
    for (const key of keys.configurationKey) expect(Number(key.value)).toBeGreaterThanOrEqual(key.key === "MaxChargingProfilesInstalled" ? 3 : 5);
    const transactionId = await station.rsCharging();
    const from = t0();
    const validity = { validFrom: from, validTo: plus(from, 401), startSchedule: from };
    await setProfile(station, 0, profile({ id: 1, purpose: "ChargePointMaxProfile", startSchedule: from, duration: 86_400, periods: [[0, 10]] }));
    await setProfile(station, C, profile({ id: 2, purpose: "TxDefaultProfile", ...validity, duration: 300, periods: [[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]] }));
    await setProfile(station, C, profile({ id: 3, purpose: "TxProfile", transactionId, ...validity, duration: 260, periods: [[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]] }));
    await expectComposite(station, { connectorId: C, duration: 400 }, from, [[0, 8], [50, 10], [200, 6], [240, 10]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
