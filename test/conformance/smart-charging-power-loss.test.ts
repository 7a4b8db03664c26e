import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { expectComposite, profile, setProfile, t0 } from "./smart-charging-profiles.ts";

conformanceHooks();

describe("Smart Charging across a power loss (E3.37)", () => {
  test("installed profiles survive SIGKILL and a restart; the TxProfile ends with its interrupted transaction", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();
    const from = t0();
    await setProfile(station, 0, profile({ id: 1, purpose: "ChargePointMaxProfile", startSchedule: from, periods: [[0, 20]] }));
    await setProfile(station, C, profile({ id: 2, purpose: "TxDefaultProfile", startSchedule: from, periods: [[0, 16]] }));
    await setProfile(station, C, profile({ id: 3, purpose: "TxProfile", transactionId, startSchedule: from, periods: [[0, 8]] }));
    await expectComposite(station, { connectorId: C, duration: 60 }, from, [[0, 8]]);

    const since = station.mark();
    await station.powerCycle();
    await station.untilIdle(since);
    await station.waitFor(call("StopTransaction", { transactionId, reason: "PowerLoss" }), since);
    await expectComposite(station, { connectorId: C, duration: 60 }, from, [[0, 16]]);
    await expectComposite(station, { connectorId: 0, duration: 60 }, from, [[0, 20]]);
    expect(await station.request("ClearChargingProfile", { id: 3 })).toEqual({ status: "Unknown" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
