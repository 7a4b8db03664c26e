import { describe, expect, test } from "bun:test";
import { core } from "../../../src/profiles/core/index.ts";
import { profiles } from "../../../src/profiles/index.ts";
import { security } from "../../../src/profiles/security/index.ts";
import { centralSystemLink } from "../../support/central-system-link.ts";
import { stationRig } from "../../support/station-rig.ts";
import { type Probe, probeProfile } from "./probe-profile.ts";

/** Only the profiles every station has: what the seam offers before any optional profile plugs in. */
const baseProfiles = [core, security];

/** The firmware's profiles plus the probe, in the place of the Reservation profile (it answers the same actions): one line. */
async function probed(ocpp: Record<string, string> = {}) {
  const rig = stationRig({ ocpp, profiles: [...profiles.filter((profile) => profile.name !== probeProfile.name), probeProfile] });
  const probe = rig.built.services.get("Reservation") as Probe;
  await rig.boot();
  const { exchange } = centralSystemLink(rig);
  const request = (action: string, payload: unknown) => exchange(action, payload, "id");
  return { rig, probe, request };
}

describe("a profile plugs in with one registration line", () => {
  test("SupportedFeatureProfiles is derived from the registered profiles", async () => {
    expect(stationRig({ profiles: [core, security] }).configuration.get("SupportedFeatureProfiles")).toBe("Core");
    expect(stationRig({ profiles: [core, security, probeProfile] }).configuration.get("SupportedFeatureProfiles")).toBe("Core,Reservation");
    const { rig } = await probed();
    expect(rig.configuration.get("SupportedFeatureProfiles")?.split(",")).toEqual([...profiles.filter((p) => p.isFeatureProfile && p.name !== probeProfile.name).map((p) => p.name), "Reservation"]);
  });

  test("its keys are read and changed like every other, and their effect follows the answer", async () => {
    const { probe, request } = await probed();
    expect(await request("GetConfiguration", { key: ["ProbeLimitA"] })).toEqual([3, "id", { configurationKey: [{ key: "ProbeLimitA", readonly: false, value: "0" }] }]);
    expect(await request("ChangeConfiguration", { key: "ProbeLimitA", value: "16" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(await request("ChangeConfiguration", { key: "ProbeLimitA", value: "81" })).toEqual([3, "id", { status: "Rejected" }]);
    expect(probe.effects).toEqual(["limit 16"]);
  });

  test("its handlers get its service; without it their actions are NotSupported", async () => {
    const plain = stationRig({ profiles: baseProfiles });
    await plain.boot();
    expect((await centralSystemLink(plain).exchange("CancelReservation", { reservationId: 1 }, "id"))?.slice(0, 3)).toEqual([4, "id", "NotSupported"]);
    const { request } = await probed();
    expect(await request("CancelReservation", { reservationId: 1 })).toEqual([3, "id", { status: "Rejected" }]);
  });

  test("a connector claim: reported Reserved, only its holder starts there, and the StartTransaction carries the reservationId", async () => {
    const { rig, probe, request } = await probed();
    expect(await request("ReserveNow", { connectorId: 1, expiryDate: "2030-01-01T00:00:00Z", idTag: "HOLDER", reservationId: 7 })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.statuses(1).at(-1)).toBe("Reserved");
    rig.c1.setPilot("C");
    rig.hardware.swipe("OTHER");
    await rig.settle();
    expect(rig.store.open().filter((tx) => tx.connectorId === 1)).toEqual([]);
    expect(rig.remoteStart("OTHER", 1)).toBe("Rejected");
    rig.hardware.swipe("HOLDER");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction").at(-1)).toMatchObject({ connectorId: 1, idTag: "HOLDER", reservationId: 7 });
    expect(probe.started.at(-1)).toMatchObject({ connectorId: 1, idTag: "HOLDER", reservationId: 7 });
  });

  test("an EV plugged into a claimed connector waits there Reserved; the holder's card starts it through Preparing", async () => {
    const { rig, probe } = await probed();
    rig.c2.setPilot("C");
    rig.hardware.swipe("SOMEONE");
    await rig.settle();
    probe.reserve(1, "HOLDER", 7);
    await rig.settle();
    rig.c1.setPilot("C");
    await rig.settle(120_000);
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    rig.hardware.swipe("HOLDER");
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Reserved", "Preparing", "Charging"]);
    expect(rig.payloadsOf("StartTransaction").at(-1)).toMatchObject({ connectorId: 1, idTag: "HOLDER", reservationId: 7 });
  });

  test("a card no claim admits, where every connector it could use is held, is refused without an Authorize and shown on them", async () => {
    const { rig, probe } = await probed();
    probe.reserve(1, "HOLDER", 7);
    probe.reserve(2, "HOLDER2", 8);
    await rig.settle();
    rig.csms.calls.length = 0;
    rig.hardware.swipe("OTHER");
    await rig.settle();
    expect(rig.sent()).toEqual([]);
    expect([rig.c1.refusedCards, rig.c2.refusedCards]).toEqual([1, 1]);
  });

  test("a card the Central System refuses is shown on the free connectors", async () => {
    const { rig } = await probed();
    await rig.charge(2, "CARD");
    rig.answers.Authorize = () => ({ kind: "ok", payload: { idTagInfo: { status: "Invalid" } } });
    rig.hardware.swipe("STRANGER");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction", "Authorize"]);
    expect([rig.c1.refusedCards, rig.c2.refusedCards]).toEqual([1, 0]);
  });

  test("when a claim ends, an EV it kept waiting is a plug like any other: Preparing until a tag or ConnectionTimeOut", async () => {
    const { rig, probe } = await probed({ ConnectionTimeOut: "30" });
    probe.reserve(1, "HOLDER", 7);
    rig.c1.setPilot("B");
    await rig.settle();
    probe.cancel(7);
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Reserved", "Preparing"]);
    await rig.settle(30_000);
    expect(rig.statuses(1)).toEqual(["Reserved", "Preparing", "Finishing"]);
  });

  test("a holder's card-first session that times out leaves the connector Reserved again, through Available (B1, A7)", async () => {
    const { rig, probe } = await probed({ ConnectionTimeOut: "30" });
    probe.reserve(1, "HOLDER", 7);
    await rig.settle();
    rig.hardware.swipe("HOLDER");
    await rig.settle(30_000);
    expect(rig.statuses(1)).toEqual(["Reserved", "Preparing", "Available", "Reserved"]);
  });

  test("profiles see every status the station and its connectors pass", async () => {
    const { rig, probe } = await probed();
    const seen: string[] = [];
    rig.station.statuses.onChanged((connectorId, report) => seen.push(`${connectorId} ${report.status}`));
    probe.reserve(2, "HOLDER", 7);
    rig.hardware.stationFault({ errorCode: "GroundFailure", severity: "fault", source: "simulated" });
    expect(seen).toEqual(["2 Reserved", "0 Faulted", "1 Faulted", "2 Faulted"]);
  });

  test("an unclaimed connector still serves everyone while the other is claimed", async () => {
    const { rig, probe } = await probed();
    probe.reserve(2, "HOLDER", 3);
    await rig.charge(1, "OTHER");
    expect(rig.payloadsOf("StartTransaction").at(-1)).toMatchObject({ connectorId: 1, idTag: "OTHER" });
    expect(rig.payloadsOf("StartTransaction").at(-1)).not.toHaveProperty("reservationId");
  });

  test("an authorization source is asked before the cache and the Central System, and its tags are never cached (§7.4)", async () => {
    const { rig, probe } = await probed({ AuthorizationCacheEnabled: "true", LocalPreAuthorize: "true" });
    probe.listed.set("LISTED", { status: "Accepted", parentIdTag: "FLEET" });
    await rig.charge(1, "LISTED");
    expect(rig.sent()).toEqual(["StartTransaction"]);
    expect(rig.station.authorizer.knownIdTagInfo("LISTED")).toEqual({ status: "Accepted", parentIdTag: "FLEET" });
    probe.listed.clear();
    expect(rig.station.authorizer.knownIdTagInfo("LISTED")).toBeUndefined();
  });

  test("a current limiter lowers the offer at once, and below 6 A the EVSE offers nothing (SuspendedEVSE)", async () => {
    const { rig, probe } = await probed();
    await rig.charge(1);
    expect(rig.c1.offeredA).toBe(32);
    rig.configuration.change("ProbeLimitA", "10");
    expect(rig.c1.offeredA).toBe(10);
    expect(rig.c1.isContactorClosed).toBe(true);
    rig.configuration.change("ProbeLimitA", "4");
    await rig.settle();
    expect(rig.c1.offeredA).toBeNull();
    expect(rig.c1.isContactorClosed).toBe(false);
    expect(rig.statuses(1).at(-1)).toBe("SuspendedEVSE");
    expect(probe.effects).toEqual(["limit 10", "limit 4"]);
  });

  test("transaction observers see the start, each sample and the stop", async () => {
    const { rig, probe } = await probed({ MeterValueSampleInterval: "10" });
    await rig.charge(1);
    await rig.settle(25_000);
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(probe.started).toHaveLength(1);
    expect(probe.samples).toBe(2);
    expect(probe.stopped).toEqual([`${probe.started[0]?.localTxId} Local`]);
  });

  test("a remote start observer may refuse a RemoteStartTransaction, and hears where an accepted one prepares with its chargingProfile", async () => {
    const { rig, probe, request } = await probed();
    expect(await request("RemoteStartTransaction", { connectorId: 1, idTag: "VETOED" })).toEqual([3, "id", { status: "Rejected" }]);
    const chargingProfile = {
      chargingProfileId: 4, stackLevel: 0, chargingProfilePurpose: "TxProfile", chargingProfileKind: "Relative",
      chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: 10 }] },
    };
    expect(await request("RemoteStartTransaction", { idTag: "REMOTE", chargingProfile })).toEqual([3, "id", { status: "Accepted" }]);
    expect(probe.remoteStarts).toEqual(["1 REMOTE 4"]);
    expect(rig.statuses(1).at(-1)).toBe("Preparing");
  });

  test("a transaction observer hears of a stop once the session has left its transaction", async () => {
    const { rig, probe } = await probed();
    await rig.charge(1);
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(probe.phasesAtStop).toEqual(["finishing"]);
  });

  test("its durable message waits offline, is retried by its own rule and never given up", async () => {
    const { rig, probe } = await probed();
    rig.csms.disconnect();
    probe.raise("FirmwareUpdated");
    expect(rig.store.stats().pending).toBe(1);
    let failures = 3;
    const respond = rig.csms.respond;
    rig.csms.respond = (action, payload) =>
      action === "DataTransfer" && failures-- > 0 ? { kind: "callError", code: "InternalError", description: "busy" } : respond(action, payload);
    rig.csms.connect();
    await rig.settle();
    await rig.settle(1_000);
    await rig.settle(2_000);
    expect(rig.store.stats().pending).toBe(1);
    await rig.settle(3_000);
    expect(rig.payloadsOf("DataTransfer")).toHaveLength(4);
    expect(rig.store.stats().pending).toBe(0);
  });

  test("a transfer status source says where its transfer stands when a TriggerMessage asks; the kinds it does not run are Idle", async () => {
    const { rig, probe, request } = await probed();
    probe.firmwareStatus = "Downloading";
    expect(await request("TriggerMessage", { requestedMessage: "FirmwareStatusNotification" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(await request("TriggerMessage", { requestedMessage: "DiagnosticsStatusNotification" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.payloadsOf("FirmwareStatusNotification")).toEqual([{ status: "Downloading" }]);
    expect(rig.payloadsOf("DiagnosticsStatusNotification")).toEqual([{ status: "Idle" }]);
  });

  test("a profile's CALLs count as signs of life: the Heartbeat waits HeartbeatInterval after them", async () => {
    const { rig, probe } = await probed();
    expect(rig.configuration.change("HeartbeatInterval", "60")).toBe("Accepted");
    await rig.settle(50_000);
    await probe.ping();
    await rig.settle(50_000);
    expect(rig.csms.actions).toEqual(["DataTransfer"]);
    await rig.settle(10_000);
    expect(rig.csms.actions).toEqual(["DataTransfer", "Heartbeat"]);
  });

  test("a message without a delivery rule cannot be queued", async () => {
    const { rig } = await probed();
    expect(() => rig.station.enqueue({ action: "Heartbeat", payload: {} })).toThrow("Heartbeat has no delivery rule");
  });
});
