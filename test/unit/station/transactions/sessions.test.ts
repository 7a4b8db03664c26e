import { describe, expect, test } from "bun:test";
import { stationRig } from "../../../support/station-rig.ts";

const accepted = (parentIdTag?: string) => ({ status: "Accepted", ...(parentIdTag ? { parentIdTag } : {}) });
const authorizeAs = (table: Record<string, object>) => (payload: { idTag: string }) => ({ kind: "ok" as const, payload: { idTagInfo: table[payload.idTag] ?? { status: "Invalid" } } });

describe("charging sessions", () => {
  test("plug first, then a valid card: Authorize, StartTransaction with the register, energy flows (TC_003)", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.c1.energyWh = 1234;
    rig.c1.setPilot("B");
    rig.hardware.swipe("04A2B3C4");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
    expect(rig.payloadsOf("StartTransaction")[0]).toEqual({ connectorId: 1, idTag: "04A2B3C4", meterStart: 1234, timestamp: "2026-01-01T10:00:00.000Z" });
    expect(rig.c1.offeredA).toBe(32);
    rig.c1.setPilot("C");
    expect(rig.c1.isContactorClosed).toBe(true);
  });

  test("card first on connector 1, then the EV: the transaction starts on plugging (TC_004_1)", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize"]);
    rig.c1.setPilot("B");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
  });

  test("card first, EV plugged into connector 2: the authorization follows the EV", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.hardware.swipe("CARD");
    await rig.settle();
    rig.c2.setPilot("B");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")[0]).toMatchObject({ connectorId: 2 });
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("idle");
  });

  test("card first without an EV within ConnectionTimeOut: no transaction (TC_004_2)", async () => {
    const rig = stationRig({ ocpp: { ConnectionTimeOut: "30" } });
    await rig.boot();
    rig.hardware.swipe("CARD");
    await rig.settle(30_000);
    rig.c1.setPilot("B");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize"]);
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("preparing");
  });

  test("plugged without a card within ConnectionTimeOut goes Finishing, so a later card cannot start (E3.20 B6)", async () => {
    const rig = stationRig({ ocpp: { ConnectionTimeOut: "30" } });
    await rig.boot();
    rig.c1.setPilot("B");
    await rig.settle(30_000);
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("finishing");
    rig.c1.setPilot("A");
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("idle");
  });

  test("a refused card starts nothing (TC_023)", async () => {
    const rig = stationRig({ answers: { Authorize: authorizeAs({}) } });
    await rig.boot();
    rig.c1.setPilot("B");
    rig.hardware.swipe("BAD");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize"]);
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("preparing");
  });

  test("the starting card stops its transaction without an Authorize, reason Local (TC_068)", async () => {
    const rig = stationRig();
    await rig.boot();
    await rig.charge(1, "START");
    rig.c1.energyWh = 5000;
    rig.hardware.swipe("start");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction", "StopTransaction"]);
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ idTag: "start", meterStop: 5000, reason: "Local", transactionId: 1 });
    expect(rig.c1.isContactorClosed).toBe(false);
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("finishing");
  });

  test("another card of the same group stops it; a card of another group does not (TC_069)", async () => {
    const rig = stationRig({ answers: { Authorize: authorizeAs({ A: accepted("FLEET"), B: accepted("FLEET"), X: accepted("OTHER") }) } });
    await rig.boot();
    await rig.charge(1, "A");
    await rig.charge(2, "X");
    expect(rig.payloadsOf("StartTransaction").map((p) => p.connectorId)).toEqual([1, 2]);
    rig.hardware.swipe("B");
    await rig.settle();
    expect(rig.payloadsOf("StopTransaction")).toEqual([expect.objectContaining({ idTag: "B", transactionId: 1 })]);
  });

  test("EV-side unplug with StopTransactionOnEVSideDisconnect stops with EVDisconnected (TC_005_2)", async () => {
    const rig = stationRig({ ocpp: { StopTransactionOnEVSideDisconnect: "true" } });
    await rig.boot();
    await rig.charge(1);
    rig.c1.setPilot("A");
    await rig.settle();
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ reason: "EVDisconnected" });
    expect(rig.station.sessions.connector(1)?.phase.kind).toBe("idle");
  });

  test("EV-side unplug without it keeps the transaction; a remote stop ends it with Remote (TC_005_3)", async () => {
    const rig = stationRig({ ocpp: { StopTransactionOnEVSideDisconnect: "false" } });
    await rig.boot();
    await rig.charge(1);
    rig.c1.setPilot("A");
    await rig.settle();
    expect(rig.sent()).not.toContain("StopTransaction");
    expect(rig.remoteStop(1)).toBe("Accepted");
    await rig.settle();
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ reason: "Remote", transactionId: 1 });
  });

  test("remote start with the EV waiting: Authorize, then StartTransaction (TC_010)", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.c1.setPilot("B");
    expect(rig.remoteStart("REMOTE", 1)).toBe("Accepted");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
  });

  test("remote start first, then the EV; and without AuthorizeRemoteTxRequests no Authorize (TC_011_1)", async () => {
    const rig = stationRig({ ocpp: { AuthorizeRemoteTxRequests: "false" } });
    await rig.boot();
    expect(rig.remoteStart("REMOTE", undefined)).toBe("Accepted");
    await rig.settle();
    rig.c1.setPilot("B");
    await rig.settle();
    expect(rig.sent()).toEqual(["StartTransaction"]);
  });

  test("remote start without an EV times out after ConnectionTimeOut (TC_011_2)", async () => {
    const rig = stationRig({ ocpp: { ConnectionTimeOut: "20" } });
    await rig.boot();
    rig.remoteStart("REMOTE", 2);
    await rig.settle(20_000);
    expect(rig.station.sessions.connector(2)?.phase.kind).toBe("idle");
  });

  test("remote start is rejected for connector 0, an unknown connector or a busy one (TC_026, TC_027)", async () => {
    const rig = stationRig();
    await rig.boot();
    expect(rig.remoteStart("R", 0)).toBe("Rejected");
    expect(rig.remoteStart("R", 3)).toBe("Rejected");
    await rig.charge(1);
    expect(rig.remoteStart("R", 1)).toBe("Rejected");
  });

  test("remote stop of an unknown transaction is rejected (TC_028)", async () => {
    const rig = stationRig();
    await rig.boot();
    expect(rig.remoteStop(99)).toBe("Rejected");
  });

  test("StartTransaction.conf refusing the tag stops with DeAuthorized when StopTransactionOnInvalidId (§7.5)", async () => {
    const rig = stationRig({ answers: { StartTransaction: () => ({ kind: "ok", payload: { transactionId: 9, idTagInfo: { status: "Blocked" } } }) } });
    await rig.boot();
    await rig.charge(1);
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ reason: "DeAuthorized", transactionId: 9 });
  });

  test("without StopTransactionOnInvalidId the refused transaction stays but energy stops (§7.5)", async () => {
    const rig = stationRig({
      ocpp: { StopTransactionOnInvalidId: "false" },
      answers: { StartTransaction: () => ({ kind: "ok", payload: { transactionId: 9, idTagInfo: { status: "Invalid" } } }) },
    });
    await rig.boot();
    await rig.charge(1);
    expect(rig.sent()).not.toContain("StopTransaction");
    expect(rig.c1.isContactorClosed).toBe(false);
    expect(rig.c1.offeredA).toBeNull();
  });

  test("offline with LocalAuthorizeOffline and AllowOfflineTxForUnknownId: starts, delivered when back (TC_037_1, TC_039)", async () => {
    const rig = stationRig({ ocpp: { AllowOfflineTxForUnknownId: "true" } });
    await rig.boot();
    rig.csms.disconnect();
    await rig.charge(1);
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(rig.csms.calls).toEqual([]);
    rig.csms.connect();
    await rig.settle();
    expect(rig.sent()).toEqual(["StartTransaction", "StopTransaction"]);
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ transactionId: 1 });
  });

  test("a transaction cut by power loss is stopped once at the next start with its last reading (TC_032_2)", async () => {
    const first = stationRig();
    await first.boot();
    first.c1.setPilot("C");
    first.hardware.swipe("CARD");
    await first.settle();
    first.c1.energyWh = 777;
    await first.settle(15_000);
    // Power loss: nothing stops; the same store comes back with a new station.
    const second = stationRig({ store: first.store });
    second.station.start();
    second.csms.connect();
    await second.settle();
    expect(second.payloadsOf("StopTransaction")).toEqual([expect.objectContaining({ reason: "PowerLoss", meterStop: 777, transactionId: 1 })]);
    const third = stationRig({ store: first.store });
    third.station.start();
    third.csms.connect();
    await third.settle();
    expect(third.payloadsOf("StopTransaction")).toEqual([]);
  });

  test("a clean stop ends running transactions as a reboot", async () => {
    const rig = stationRig();
    await rig.boot();
    await rig.charge(1);
    rig.station.stop();
    expect(rig.store.messages.map((m) => [m.action, (m.payload as { reason?: string }).reason])).toEqual([["StopTransaction", "Reboot"]]);
    expect(rig.c1.isContactorClosed).toBe(false);
  });
});

describe("MaxEnergyOnInvalidId (C§9.1.14)", () => {
  test("a refused tag may still draw that much energy, then the transaction stops with DeAuthorized", async () => {
    const rig = stationRig({
      ocpp: { MaxEnergyOnInvalidId: "500" },
      answers: { StartTransaction: () => ({ kind: "ok", payload: { transactionId: 4, idTagInfo: { status: "Invalid" } } }) },
    });
    await rig.boot();
    rig.c1.energyWh = 1000;
    await rig.charge(1);
    expect(rig.c1.isContactorClosed).toBe(true);
    rig.c1.energyWh = 1400;
    await rig.settle(2_000);
    expect(rig.sent()).not.toContain("StopTransaction");
    rig.c1.energyWh = 1500;
    await rig.settle(2_000);
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ reason: "DeAuthorized", meterStop: 1500 });
  });
});

describe("every way a charge ends opens the contactor", () => {
  const ends: [string, (rig: ReturnType<typeof stationRig>) => void | Promise<void>, string][] = [
    ["the starting card", (rig) => rig.hardware.swipe("CARD"), "Local"],
    ["RemoteStopTransaction", (rig) => void rig.remoteStop(1), "Remote"],
    ["the emergency stop", (rig) => rig.hardware.stationFault({ errorCode: "OtherError", severity: "fault", source: "emergencyStop" }), "EmergencyStop"],
    ["a reset", (rig) => rig.station.stop("HardReset"), "HardReset"],
    ["a clean shutdown", (rig) => rig.station.stop(), "Reboot"],
  ];
  for (const [name, end, reason] of ends) {
    test(`${name} stops with ${reason}`, async () => {
      const rig = stationRig();
      await rig.boot();
      await rig.charge(1);
      expect(rig.c1.isContactorClosed).toBe(true);
      await end(rig);
      await rig.settle();
      expect(rig.c1.isContactorClosed).toBe(false);
      expect(rig.c1.offeredA).toBeNull();
      const queued = [...rig.payloadsOf("StopTransaction"), ...rig.store.messages.map((m) => m.payload as { reason?: string })];
      expect(queued.map((p) => p.reason)).toContain(reason);
    });
  }

  test("a connector fault opens the contactor and the transaction resumes when it clears", async () => {
    const rig = stationRig();
    await rig.boot();
    await rig.charge(1);
    rig.c1.fault({ errorCode: "GroundFailure", severity: "fault", source: "simulated" });
    await rig.settle();
    expect(rig.c1.isContactorClosed).toBe(false);
    expect(rig.statuses(1).at(-1)).toBe("Faulted");
    rig.c1.clearFaults();
    await rig.settle();
    expect(rig.c1.isContactorClosed).toBe(true);
    expect(rig.statuses(1).at(-1)).toBe("Charging");
  });
});
