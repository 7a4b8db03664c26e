import { describe, expect, test } from "bun:test";
import { messages } from "../../../../src/messages/index.ts";
import { OcppClient } from "../../../../src/ocpp/client.ts";
import { smartCharging } from "../../../../src/profiles/smart-charging/index.ts";
import type { SmartCharging } from "../../../../src/profiles/smart-charging/smart-charging.ts";
import { FakeLink } from "../../../support/fake-link.ts";
import { memoryDatabase } from "../../../support/memory-database.ts";
import { recordingLogger } from "../../../support/ocpp-test-catalog.ts";
import { stationRig } from "../../../support/station-rig.ts";
import { chargingProfile } from "./profile-builder.ts";

type RigOptions = Parameters<typeof stationRig>[0];

/** The station with the firmware's profiles, SetChargingProfile & co. going through their handlers. */
async function smartRig(options: RigOptions = {}) {
  const rig = stationRig(options);
  await rig.boot();
  const link = new FakeLink();
  const client = new OcppClient({ link, catalog: messages, clock: rig.clock, log: recordingLogger().log });
  for (const { handlers, service } of rig.built.handlers) client.handle(handlers, service);
  link.connect();
  const request = async (action: string, payload: unknown) => {
    link.deliver(JSON.stringify([2, "id", action, payload]));
    await client.settled();
    await rig.settle();
    const frame = link.frames.at(-1)!;
    return frame[0] === 4 ? { callError: frame[2] } : (frame[2] as any);
  };
  const now = () => rig.clock.now().toISOString();
  const set = async (connectorId: number, spec: Parameters<typeof chargingProfile>[0]) =>
    (await request("SetChargingProfile", { connectorId, csChargingProfiles: chargingProfile({ startSchedule: now(), ...spec }) })).status ?? (await lastError());
  const lastError = async () => (link.frames.at(-1)![0] === 4 ? `CALLERROR ${link.frames.at(-1)![2]}` : undefined);
  const composite = async (connectorId: number, duration: number, chargingRateUnit?: "A" | "W") =>
    request("GetCompositeSchedule", { connectorId, duration, ...(chargingRateUnit ? { chargingRateUnit } : {}) });
  const service = rig.built.services.get("SmartCharging") as SmartCharging;
  return { rig, request, set, composite, service, link };
}

/** The running transaction's id as the development Central System gave it. */
const transactionIdOn = (rig: ReturnType<typeof stationRig>, connectorId: number) => {
  const phase = rig.station.sessions.connector(connectorId)!.phase;
  return phase.kind === "transaction" ? rig.store.transactionIdOf(phase.tx.localTxId)! : undefined;
};

describe("SetChargingProfile, ClearChargingProfile and GetCompositeSchedule through the handlers", () => {
  test("SupportedFeatureProfiles lists SmartCharging; its keys go beyond the anchors' caps", async () => {
    const { rig } = await smartRig();
    expect(rig.configuration.list("SupportedFeatureProfiles")).toContain("SmartCharging");
    expect(rig.configuration.integer("ChargeProfileMaxStackLevel")).toBeGreaterThanOrEqual(100);
    expect(rig.configuration.integer("ChargingScheduleMaxPeriods")).toBeGreaterThanOrEqual(1_000);
    expect(rig.configuration.integer("MaxChargingProfilesInstalled")).toBeGreaterThanOrEqual(100);
    expect(rig.configuration.get("ChargingScheduleAllowedChargingRateUnit")).toBe("Current,Power");
    expect(rig.configuration.get("ConnectorSwitch3to1PhaseSupported")).toBe("false");
  });

  test("each purpose on the connectors it belongs to; the wrong ones are Rejected (§14.1, C§3.13.1)", async () => {
    const { rig, set } = await smartRig();
    expect(await set(0, { id: 1, purpose: "ChargePointMaxProfile", periods: [[0, 20]] })).toBe("Accepted");
    expect(await set(1, { id: 2, purpose: "ChargePointMaxProfile", periods: [[0, 20]] })).toBe("Rejected");
    expect(await set(0, { id: 3, purpose: "TxDefaultProfile", periods: [[0, 16]] })).toBe("Accepted");
    expect(await set(2, { id: 4, purpose: "TxDefaultProfile", periods: [[0, 10]] })).toBe("Accepted");
    expect(await set(0, { id: 5, purpose: "TxProfile", periods: [[0, 10]] })).toBe("Rejected");
    // TC_058_1: no transaction.
    expect(await set(1, { id: 6, purpose: "TxProfile", periods: [[0, 10]] })).toBe("Rejected");
    await rig.charge(1);
    const transactionId = transactionIdOn(rig, 1)!;
    expect(await set(1, { id: 6, purpose: "TxProfile", transactionId, periods: [[0, 10]] })).toBe("Accepted");
    expect(await set(1, { id: 7, purpose: "TxProfile", stackLevel: 1, periods: [[0, 12]] })).toBe("Accepted");
    // TC_058_2: a transactionId that is not the connector's; a TxDefaultProfile carries none.
    expect(await set(1, { id: 8, purpose: "TxProfile", transactionId: transactionId + 1, periods: [[0, 10]] })).toBe("Rejected");
    expect(await set(2, { id: 8, purpose: "TxProfile", transactionId, periods: [[0, 10]] })).toBe("Rejected");
    expect(await set(1, { id: 9, purpose: "TxDefaultProfile", transactionId, periods: [[0, 10]] })).toBe("Rejected");
  });

  test("a connectorId the station lacks is a CALLERROR PropertyConstraintViolation, an unknown unit too (E3.38, E3.39)", async () => {
    const { request, set } = await smartRig();
    expect(await set(3, { id: 1, periods: [[0, 10]] })).toBe("CALLERROR PropertyConstraintViolation");
    expect(await set(-1, { id: 1, periods: [[0, 10]] })).toBe("CALLERROR PropertyConstraintViolation");
    const profile = chargingProfile({ id: 1, periods: [[0, 10]] });
    const badUnit = { ...profile, chargingSchedule: { ...profile.chargingSchedule, chargingRateUnit: "kW" } };
    expect(await request("SetChargingProfile", { connectorId: 1, csChargingProfiles: badUnit })).toEqual({ callError: "PropertyConstraintViolation" });
    expect(await request("GetCompositeSchedule", { connectorId: 1, duration: 60, chargingRateUnit: "kW" })).toEqual({ callError: "PropertyConstraintViolation" });
  });

  test("bad schedules are Rejected with the digest's answer (§14.4), and leave what is installed and the running transaction alone", async () => {
    const { rig, set, service } = await smartRig();
    expect(await set(1, { id: 1, periods: [[0, 16]] })).toBe("Accepted");
    await rig.charge(1);
    const bad: Parameters<typeof set>[1][] = [
      { id: 2, periods: [[10, 10]] }, // first period not at 0
      { id: 2, periods: [[0, 10], [60, 12], [60, 14]] }, // not ascending
      { id: 2, periods: [[0, 10], [60, 12], [30, 14]] },
      { id: 2, periods: [] },
      { id: 2, periods: Array.from({ length: 1_001 }, (_, i): [number, number] => [i * 60, 10]) }, // more than ChargingScheduleMaxPeriods
      { id: 2, kind: "Recurring", recurrencyKind: "Daily", startSchedule: null, periods: [[0, 10]] }, // Recurring without startSchedule
      { id: 2, kind: "Recurring", periods: [[0, 10]] }, // Recurring without recurrencyKind
      { id: 2, kind: "Absolute", recurrencyKind: "Daily", periods: [[0, 10]] }, // E3.56
      { id: 2, periods: [[0, -6]] }, // a negative limit
      { id: 2, stackLevel: 101, periods: [[0, 10]] },
      { id: 2, stackLevel: -1, periods: [[0, 10]] },
      { id: 2, duration: -5, periods: [[0, 10]] },
      { id: 2, duration: 2 ** 40, periods: [[0, 10]] }, // huge numbers
      { id: 2, periods: [[0, 10], [2 ** 40, 10]] },
      { id: 2 ** 40, periods: [[0, 10]] },
      { id: 2, phases: 4, periods: [[0, 10]] },
      { id: 2, validFrom: "2026-01-02T00:00:00Z", validTo: "2026-01-01T00:00:00Z", periods: [[0, 10]] },
    ];
    for (const spec of bad) expect(await set(1, spec)).toBe("Rejected");
    expect(service.profiles.map((p) => p.profile.chargingProfileId)).toEqual([1]);
    expect([rig.c1.offeredA, rig.c1.isContactorClosed, rig.statuses(1).at(-1)]).toEqual([16, true, "Charging"]);
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
    // A huge limit is no error: the connector's rating still holds.
    expect(await set(1, { id: 3, stackLevel: 2, periods: [[0, 1e12]] })).toBe("Accepted");
  });

  test("a TxProfile with the transactionId of the other connector's transaction is Rejected", async () => {
    const { rig, set } = await smartRig();
    await rig.charge(1, "CARD-1");
    await rig.charge(2, "CARD-2");
    expect(await set(1, { id: 1, purpose: "TxProfile", transactionId: transactionIdOn(rig, 2)!, periods: [[0, 10]] })).toBe("Rejected");
    expect(await set(2, { id: 1, purpose: "TxProfile", transactionId: transactionIdOn(rig, 2)!, periods: [[0, 10]] })).toBe("Accepted");
    expect([rig.c1.offeredA, rig.c2.offeredA]).toEqual([32, 10]);
  });

  test("1,000 periods and 100 installed profiles are taken; the 101st is Rejected unless it replaces one", async () => {
    const { set } = await smartRig();
    expect(await set(1, { id: 1, periods: Array.from({ length: 1_000 }, (_, i): [number, number] => [i * 60, 6 + (i % 20)]) })).toBe("Accepted");
    for (let id = 2; id <= 100; id++) expect(await set(id % 2 === 0 ? 0 : 2, { id, stackLevel: id, periods: [[0, 16]] })).toBe("Accepted");
    expect(await set(1, { id: 101, stackLevel: 5, periods: [[0, 16]] })).toBe("Rejected");
    expect(await set(1, { id: 1, stackLevel: 5, periods: [[0, 16]] })).toBe("Accepted");
  });

  test("replacement by id, or by stackLevel and purpose on the same connector (§14.2); a different connector adds", async () => {
    const { set, service, composite } = await smartRig();
    await set(1, { id: 1, stackLevel: 1, periods: [[0, 10]] });
    await set(1, { id: 1, stackLevel: 2, periods: [[0, 12]] });
    await set(1, { id: 2, stackLevel: 2, periods: [[0, 14]] });
    await set(2, { id: 3, stackLevel: 2, periods: [[0, 8]] });
    expect(service.profiles.map((p) => [p.connectorId, p.profile.chargingProfileId])).toEqual([[1, 2], [2, 3]]);
    expect((await composite(1, 60)).chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 14, numberPhases: 3 }]);
  });

  test("ClearChargingProfile by id alone, by criteria all together, or everything; Unknown when nothing matches (§14.6)", async () => {
    const { request, set, service } = await smartRig();
    await set(0, { id: 1, purpose: "ChargePointMaxProfile", periods: [[0, 30]] });
    await set(1, { id: 2, stackLevel: 0, periods: [[0, 10]] });
    await set(1, { id: 3, stackLevel: 1, periods: [[0, 12]] });
    await set(2, { id: 4, stackLevel: 1, periods: [[0, 12]] });
    const ids = () => service.profiles.map((p) => p.profile.chargingProfileId).sort();
    expect((await request("ClearChargingProfile", { id: 3, connectorId: 2, stackLevel: 7 })).status).toBe("Accepted");
    expect(ids()).toEqual([1, 2, 4]);
    expect((await request("ClearChargingProfile", { id: 3 })).status).toBe("Unknown");
    expect((await request("ClearChargingProfile", { connectorId: 1, stackLevel: 1 })).status).toBe("Unknown");
    expect((await request("ClearChargingProfile", { chargingProfilePurpose: "TxDefaultProfile", stackLevel: 1 })).status).toBe("Accepted");
    expect(ids()).toEqual([1, 2]);
    expect((await request("ClearChargingProfile", {})).status).toBe("Accepted");
    expect(ids()).toEqual([]);
    expect((await request("ClearChargingProfile", {})).status).toBe("Unknown");
  });

  test("GetCompositeSchedule: Accepted for 0 and each connector with a period at the rating when nothing is installed; Rejected for another connector or an unworkable duration", async () => {
    const { composite, rig } = await smartRig();
    const answer = await composite(1, 300, "W");
    expect(answer).toEqual({ status: "Accepted", connectorId: 1, scheduleStart: rig.clock.now().toISOString(), chargingSchedule: { duration: 300, chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, limit: 22_080, numberPhases: 3 }] } });
    expect((await composite(0, 300)).chargingSchedule.chargingSchedulePeriod).toEqual([{ startPeriod: 0, limit: 64, numberPhases: 3 }]);
    expect((await composite(1, 60)).chargingSchedule.chargingRateUnit).toBe("A");
    expect(await composite(3, 60)).toEqual({ status: "Rejected" });
    expect(await composite(1, -1)).toEqual({ status: "Rejected" });
    expect(await composite(1, 2 ** 40)).toEqual({ status: "Rejected" });
  });
});

describe("the limit is applied on the pilot", () => {
  test("a profile change and each period boundary reach the offer at once; below 6 A the EVSE offers nothing: SuspendedEVSE", async () => {
    const { rig, set } = await smartRig();
    await rig.charge(1);
    expect(rig.c1.offeredA).toBe(32);
    expect(await set(1, { id: 1, periods: [[0, 16], [60, 4], [120, 10]] })).toBe("Accepted");
    expect(rig.c1.offeredA).toBe(16);
    await rig.settle(59_000);
    expect(rig.c1.offeredA).toBe(16);
    await rig.settle(1_000);
    expect(rig.c1.offeredA).toBeNull();
    expect(rig.c1.isContactorClosed).toBe(false);
    expect(rig.statuses(1).at(-1)).toBe("SuspendedEVSE");
    await rig.settle(60_000);
    expect(rig.c1.offeredA).toBe(10);
    expect(rig.c1.isContactorClosed).toBe(true);
    expect(rig.statuses(1).at(-1)).toBe("Charging");
  });

  test("W limits are applied as current at 230 V × numberPhases", async () => {
    const { rig, set } = await smartRig();
    await rig.charge(1);
    await set(1, { id: 1, unit: "W", periods: [[0, 11_040, 3], [60, 3_680, 1]] });
    expect(rig.c1.offeredA).toBe(16);
    await rig.settle(60_000);
    expect(rig.c1.offeredA).toBe(16);
    await set(1, { id: 1, unit: "W", periods: [[0, 7_000]] });
    expect(rig.c1.offeredA).toBe(10.1);
  });

  test("the two connectors share the ChargePointMaxProfile: evenly, what one cannot use goes to the other, the sum never above it", async () => {
    const { rig, set } = await smartRig();
    await set(0, { id: 1, purpose: "ChargePointMaxProfile", periods: [[0, 40], [600, 20], [1_200, 10]] });
    await rig.charge(1, "CARD-1");
    expect(rig.c1.offeredA).toBe(32);
    await rig.charge(2, "CARD-2");
    expect([rig.c1.offeredA, rig.c2.offeredA]).toEqual([20, 20]);
    await set(2, { id: 2, periods: [[0, 12]] });
    expect([rig.c1.offeredA, rig.c2.offeredA]).toEqual([28, 12]);
    await rig.settle(600_000);
    expect([rig.c1.offeredA, rig.c2.offeredA]).toEqual([10, 10]);
    // 10 A for two is 5 A each, which charges nothing: the later transaction waits (SuspendedEVSE), the earlier takes it all.
    await rig.settle(600_000);
    expect([rig.c1.offeredA, rig.c2.offeredA]).toEqual([10, null]);
    expect(rig.statuses(2).at(-1)).toBe("SuspendedEVSE");
    rig.hardware.swipe("CARD-1");
    await rig.settle();
    expect(rig.c2.offeredA).toBe(10);
    expect(rig.statuses(2).at(-1)).toBe("Charging");
  });

  test("a TxProfile ends with its transaction and is deleted; the next transaction runs on the TxDefaultProfile", async () => {
    const { rig, set, service } = await smartRig();
    await set(1, { id: 1, periods: [[0, 20]] });
    await rig.charge(1);
    expect(await set(1, { id: 2, purpose: "TxProfile", periods: [[0, 8]] })).toBe("Accepted");
    expect(rig.c1.offeredA).toBe(8);
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(service.profiles.map((p) => p.profile.chargingProfileId)).toEqual([1]);
    rig.c1.setPilot("A");
    await rig.charge(1);
    expect(rig.c1.offeredA).toBe(20);
  });

  test("a TxDefaultProfile installed during a transaction applies to it at once (E3.8, TC_082)", async () => {
    const { rig, set } = await smartRig();
    await rig.charge(1);
    await set(1, { id: 1, periods: [[0, 13]] });
    expect(rig.c1.offeredA).toBe(13);
  });

  test("offline the installed profiles keep working, period boundaries included (§14.7)", async () => {
    const { rig, set } = await smartRig();
    await set(1, { id: 1, periods: [[0, 16], [120, 8]] });
    await rig.charge(1);
    rig.csms.disconnect();
    await rig.settle(120_000);
    expect(rig.c1.offeredA).toBe(8);
  });
});

describe("RemoteStartTransaction with a chargingProfile (§10.1)", () => {
  test("TC_059: its TxProfile is bound to the transaction it starts, and applied", async () => {
    const { rig, request, service } = await smartRig();
    rig.c1.setPilot("C");
    const profile = chargingProfile({ id: 9, purpose: "TxProfile", kind: "Relative", startSchedule: null, periods: [[0, 10], [300, 14]] });
    expect((await request("RemoteStartTransaction", { connectorId: 1, idTag: "REMOTE", chargingProfile: profile })).status).toBe("Accepted");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction").at(-1)).toMatchObject({ connectorId: 1, idTag: "REMOTE" });
    expect(service.profiles).toMatchObject([{ connectorId: 1, profile: { chargingProfileId: 9 } }]);
    expect(rig.c1.offeredA).toBe(10);
    await rig.settle(300_000);
    expect(rig.c1.offeredA).toBe(14);
  });

  test("TC_060: a profile of another purpose, or with a transactionId, or that cannot be installed, rejects the remote start", async () => {
    const { rig, request } = await smartRig();
    rig.c1.setPilot("C");
    for (const profile of [
      chargingProfile({ id: 9, purpose: "TxDefaultProfile", periods: [[0, 10]] }),
      chargingProfile({ id: 9, purpose: "TxProfile", transactionId: 5, periods: [[0, 10]] }),
      chargingProfile({ id: 9, purpose: "TxProfile", periods: [[5, 10]] }),
    ]) {
      expect((await request("RemoteStartTransaction", { connectorId: 1, idTag: "REMOTE", chargingProfile: profile })).status).toBe("Rejected");
    }
    await rig.settle();
    expect(rig.sent()).toEqual([]);
  });

  test("the profile waits for its own transaction: a card's start on that connector after ConnectionTimeOut does not take it", async () => {
    const { rig, request, service } = await smartRig({ ocpp: { ConnectionTimeOut: "30" } });
    const profile = chargingProfile({ id: 9, purpose: "TxProfile", periods: [[0, 10]] });
    expect((await request("RemoteStartTransaction", { connectorId: 1, idTag: "REMOTE", chargingProfile: profile })).status).toBe("Accepted");
    await rig.settle(31_000);
    await rig.charge(1, "CARD");
    expect(service.profiles).toEqual([]);
    expect(rig.c1.offeredA).toBe(32);
  });
});

describe("durable", () => {
  test("installed profiles survive a restart; TxProfiles do not outlive their transaction (E3.37)", async () => {
    const database = memoryDatabase();
    const first = await smartRig({ database });
    await first.set(0, { id: 1, purpose: "ChargePointMaxProfile", periods: [[0, 24]] });
    await first.set(1, { id: 2, periods: [[0, 16]] });
    await first.rig.charge(1);
    await first.set(1, { id: 3, purpose: "TxProfile", periods: [[0, 8]] });
    // A power loss: the first station is simply left, its transaction interrupted.
    const second = await smartRig({ database });
    expect(second.service.profiles.map((p) => p.profile.chargingProfileId).sort()).toEqual([1, 2]);
    await second.rig.charge(1);
    expect(second.rig.c1.offeredA).toBe(16);
  });
});

describe("diag", () => {
  test("a connector held by the station's limit says so, and the stored profiles are listed from the table of a stopped station", async () => {
    const database = memoryDatabase();
    const { rig, set } = await smartRig({ database });
    await set(0, { id: 1, purpose: "ChargePointMaxProfile", periods: [[0, 20]] });
    await rig.charge(1, "CARD-1");
    await rig.charge(2, "CARD-2");
    const lines = rig.built.diagnostics()["SmartCharging"]!.lines;
    expect(lines.slice(0, 2)).toEqual(["connector 1  10.0 A  profile 1 ChargePointMaxProfile at 0 s", "             shared; no change within 24 h"]);
    const stored = smartCharging.diagnostics!.stored(database);
    expect(stored.lines).toEqual(["1 profile installed (1 ChargePointMaxProfile)"]);
  });

  test("each connector's limit, where it comes from and its next change", async () => {
    const { rig, set } = await smartRig();
    await set(1, { id: 7, periods: [[0, 16], [3_600, 10]] });
    const diagnostics = rig.built.diagnostics()["SmartCharging"]!;
    expect(diagnostics.lines).toEqual([
      "connector 1  16.0 A  profile 7 TxDefaultProfile at 0 s",
      "             10.0 A from 2026-01-01 11:00:00Z",
      "connector 2  32.0 A  the connector's rating",
      "             no change within 24 h",
      "1 profile installed (1 TxDefaultProfile)",
    ]);
    expect(diagnostics.data).toMatchObject({ connectors: [{ connectorId: 1, limitA: 16, nextChange: { at: "2026-01-01T11:00:00.000Z", limitA: 10 } }, { connectorId: 2, limitA: 32 }] });
  });
});
