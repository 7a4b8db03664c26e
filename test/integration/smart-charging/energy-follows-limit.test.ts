import { describe, expect, test } from "bun:test";
import { buildStation } from "../../../src/profiles/build-station.ts";
import { profiles } from "../../../src/profiles/index.ts";
import { keyTableOf } from "../../../src/profiles/profile.ts";
import type { SmartCharging } from "../../../src/profiles/smart-charging/smart-charging.ts";
import { Configuration } from "../../../src/station/configuration/configuration.ts";
import { FakeCentralSystem } from "../../support/fake-central-system.ts";
import { flushPromises } from "../../support/fake-clock.ts";
import { MemoryAuthCacheStore } from "../../support/memory-auth-cache-store.ts";
import { MemoryAvailabilityStore } from "../../support/memory-availability-store.ts";
import { MemoryConfigurationStore } from "../../support/memory-configuration-store.ts";
import { memoryDatabase } from "../../support/memory-database.ts";
import { MemoryTransactionStore } from "../../support/memory-transaction-store.ts";
import { FakeStorage, RecordingConnection, silentLog, testHost } from "../../support/station-rig.ts";
import { openVirtualStation } from "../../support/virtual-station.ts";
import { chargingProfile } from "../../unit/profiles/smart-charging/profile-builder.ts";

/**
 * The firmware's station on the virtual board (its drivers, pilot PWM, contactors, EVs and S0 meters),
 * on a fake clock: the simulated EVs draw what the pilot offers, so the meters show whether the limit
 * reached the pilot at every period boundary.
 */
async function virtualChargingStation() {
  const virtual = await openVirtualStation();
  const { clock, station: hardware, world } = virtual;
  const csms = new FakeCentralSystem(clock);
  const store = new MemoryTransactionStore(() => clock.now());
  const configuration = new Configuration({ keys: keyTableOf(profiles), overrides: { MinimumStatusDuration: "0", MeterValueSampleInterval: "0" }, store: new MemoryConfigurationStore() });
  const built = buildStation(
    {
      clock, csms, configuration, log: silentLog, hardware, connection: new RecordingConnection(), storage: new FakeStorage(), database: memoryDatabase(), host: testHost(),
      stores: { transactions: store, outbox: store, authCache: new MemoryAuthCacheStore(() => clock.now()), availability: new MemoryAvailabilityStore() },
    },
    { firmwareVersion: "test" },
    profiles,
  );
  const smartCharging = built.services.get("SmartCharging") as SmartCharging;
  const settle = async (ms: number) => {
    // In steps, so that each pilot sample and meter pulse of the virtual board runs in its time.
    for (let left = ms; left > 0; left -= 1_000) {
      clock.advance(Math.min(1_000, left));
      await flushPromises(20);
    }
  };
  built.start();
  csms.connect();
  await settle(1_000);
  /** An EV plugged in and a remote start: a transaction runs and the EV draws what is offered. */
  const charge = async (connectorId: 1 | 2) => {
    await world.apply({ action: "plug", connectorId });
    const decision = built.core.sessions.remoteStart(`CARD-${connectorId}`, connectorId);
    if (decision.status === "Accepted") decision.proceed();
    await settle(1_000);
  };
  const meterWh = (connectorId: number) => hardware.connectors.find((c) => c.connectorId === connectorId)!.readMeter().energyWh;
  return { clock, hardware, smartCharging, settle, charge, meterWh, stop: () => built.stop() };
}

/** ∫ limit dt over the composite's periods, in Wh; a current below 6 A draws nothing (the EVSE offers nothing). */
function energyOfSchedule(periods: { startPeriod: number; limit: number }[], durationSec: number, toW: (limit: number) => number): number {
  return periods.reduce((sum, period, i) => {
    const endSec = periods[i + 1]?.startPeriod ?? durationSec;
    return sum + (toW(period.limit) * (endSec - period.startPeriod)) / 3600;
  }, 0);
}

describe("the energy follows the limit on the virtual board", () => {
  test("one connector: the meter counts what its composite schedule allows, period by period, nothing below 6 A", async () => {
    const station = await virtualChargingStation();
    await station.charge(1);
    expect(station.hardware.connectors[0]!.offeredA).toBe(32);
    const now = station.clock.now().toISOString();
    const profile = chargingProfile({ id: 1, startSchedule: now, duration: 480, periods: [[0, 16], [120, 10], [240, 4], [360, 20]] });
    expect(station.smartCharging.set(1, profile).status).toBe("Accepted");
    const composite = station.smartCharging.composite(1, 480, "A");
    const periods = composite.chargingSchedule!.chargingSchedulePeriod;
    expect(periods.map((p) => [p.startPeriod, p.limit])).toEqual([[0, 16], [120, 10], [240, 4], [360, 20]]);
    const before = station.meterWh(1);
    await station.settle(480_000);
    const delivered = station.meterWh(1) - before;
    const allowed = energyOfSchedule(periods, 480, (limitA) => (limitA < 6 ? 0 : limitA * 230 * 3));
    // The pilot's 8-bit PWM offers at most 1.2 % less (10 A reads 9.88 A); one S0 pulse is 1 Wh.
    expect(delivered).toBeLessThanOrEqual(allowed + 2);
    expect(delivered).toBeGreaterThanOrEqual(allowed * 0.98 - 2);
    station.stop();
  }, 30_000);

  test("two connectors under a ChargePointMaxProfile: the meters together draw what connector 0's composite schedule allows", async () => {
    const station = await virtualChargingStation();
    await station.charge(1);
    await station.charge(2);
    const now = station.clock.now().toISOString();
    expect(station.smartCharging.set(2, chargingProfile({ id: 2, startSchedule: now, periods: [[0, 8]] })).status).toBe("Accepted");
    expect(station.smartCharging.set(0, chargingProfile({ id: 1, purpose: "ChargePointMaxProfile", startSchedule: now, periods: [[0, 40], [120, 20], [240, 12]] })).status).toBe("Accepted");
    const composite = station.smartCharging.composite(0, 360, "W");
    const periods = composite.chargingSchedule!.chargingSchedulePeriod;
    expect(periods.map((p) => [p.startPeriod, p.limit])).toEqual([[0, 27_600], [120, 13_800], [240, 8_280]]);
    const before = [station.meterWh(1), station.meterWh(2)];
    await station.settle(360_000);
    const delivered = station.meterWh(1) - before[0]! + (station.meterWh(2) - before[1]!);
    const allowed = energyOfSchedule(periods, 360, (limitW) => limitW);
    expect(delivered).toBeLessThanOrEqual(allowed + 2);
    expect(delivered).toBeGreaterThanOrEqual(allowed * 0.98 - 2);
    // And the connector with its own 8 A profile never drew more than 8 A's worth.
    expect(station.meterWh(2) - before[1]!).toBeLessThanOrEqual((8 * 690 * 360) / 3600 + 1);
    station.stop();
  }, 30_000);
});
