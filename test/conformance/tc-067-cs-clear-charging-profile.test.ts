import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { expectComposite, plus, profile, setProfile, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("TC_067_CS Clear Charging Profile", () => {
  test("clearing by id, by purpose and stack level, then everything; each composite shows what is left, down to the rating", async () => {
    const station = await ConformanceStation.start();
    const from = t0();
    const validity = { validFrom: from, validTo: plus(from, 401) };
    const p1 = profile({ id: 1, purpose: "TxDefaultProfile", stackLevel: 1, startSchedule: from, duration: 400, periods: [[0, 6], [60, 8], [200, 10]] });
    await setProfile(station, C, p1);
    await setProfile(station, C, profile({ id: 2, purpose: "TxDefaultProfile", stackLevel: 0, ...validity, startSchedule: from, duration: 400, periods: [[0, 7], [100, 9]] }));
    await setProfile(station, 0, profile({ id: 3, purpose: "ChargePointMaxProfile", stackLevel: 0, ...validity, startSchedule: from, duration: 86_400, periods: [[0, 11], [200, 12]] }));

    expect(await station.request("ClearChargingProfile", { id: p1.chargingProfileId })).toEqual({ status: "Accepted" });
    await expectComposite(station, { connectorId: C, duration: 350 }, from, [[0, 7], [100, 9]]);
    expect(await station.request("ClearChargingProfile", { chargingProfilePurpose: "TxDefaultProfile", stackLevel: 0 })).toEqual({ status: "Accepted" });
    await expectComposite(station, { connectorId: C, duration: 350 }, from, [[0, 11], [200, 12]]);
    expect(await station.request("ClearChargingProfile", {})).toEqual({ status: "Accepted" });
    // The station's own limit: the connector's 32 A rating, Accepted and never Rejected.
    await expectComposite(station, { connectorId: C, duration: 350 }, from, [[0, 32]]);
    expect(await station.request("ClearChargingProfile", {})).toEqual({ status: "Unknown" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
