import { describe, expect, test } from "bun:test";
import { MemoryAvailabilityStore } from "../../support/memory-availability-store.ts";
import { stationRig } from "../../support/station-rig.ts";

describe("station statuses", () => {
  test("after Accepted every connector and connector 0 report Available (TC_001)", async () => {
    const rig = stationRig();
    rig.station.start();
    rig.csms.connect();
    await rig.settle();
    expect(rig.csms.actions).toEqual(["BootNotification", "StatusNotification", "StatusNotification", "StatusNotification"]);
    expect(rig.payloadsOf("StatusNotification").map((p) => [p.connectorId, p.status, p.errorCode])).toEqual([
      [0, "Available", "NoError"], [1, "Available", "NoError"], [2, "Available", "NoError"],
    ]);
  });

  test("an EV plugged in before the start is reported Preparing in the first StatusNotification (TC_015, TC_032_2)", async () => {
    const rig = stationRig();
    rig.c1.setPilot("B");
    rig.station.start();
    rig.csms.connect();
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Preparing"]);
    expect(rig.statuses(2)).toEqual(["Available"]);
  });

  test("a session goes Preparing, Charging, Finishing, Available and the LED follows (TC_003)", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.c1.setPilot("B");
    rig.hardware.swipe("CARD");
    await rig.settle();
    rig.c1.setPilot("C");
    await rig.settle();
    rig.hardware.swipe("CARD");
    await rig.settle();
    rig.c1.setPilot("A");
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Preparing", "SuspendedEV", "Charging", "Finishing", "Available"]);
    expect(rig.c1.shown).toEqual(["Available", "Preparing", "SuspendedEV", "Charging", "Finishing", "Available"]);
  });

  test("card first without an EV returns to Available after ConnectionTimeOut (TC_004_2)", async () => {
    const rig = stationRig({ ocpp: { ConnectionTimeOut: "30" } });
    await rig.boot();
    rig.hardware.swipe("CARD");
    await rig.settle(30_000);
    expect(rig.statuses(1)).toEqual(["Preparing", "Available"]);
  });

  test("an EV unplugged during a transaction that goes on reports SuspendedEV with the §6.3 info (TC_005_3)", async () => {
    const rig = stationRig({ ocpp: { StopTransactionOnEVSideDisconnect: "false" } });
    await rig.boot();
    await rig.charge(1);
    rig.c1.setPilot("A");
    await rig.settle();
    expect(rig.payloadsOf("StatusNotification").at(-1)).toMatchObject({ connectorId: 1, status: "SuspendedEV", info: "EV side disconnected" });
  });

  test("a refused tag after an offline start suspends the energy: SuspendedEVSE (TC_037_2)", async () => {
    const rig = stationRig({
      ocpp: { StopTransactionOnInvalidId: "false", AllowOfflineTxForUnknownId: "true" },
      answers: { StartTransaction: () => ({ kind: "ok", payload: { transactionId: 3, idTagInfo: { status: "Invalid" } } }) },
    });
    await rig.boot();
    rig.csms.disconnect();
    await rig.charge(1, "INVALID");
    rig.csms.connect();
    await rig.settle();
    expect(rig.statuses(1).at(-1)).toBe("SuspendedEVSE");
  });

  test("a faulted station reports Faulted everywhere and starts nothing (TC_041)", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.hardware.stationFault({ errorCode: "OtherError", severity: "fault", source: "simulated" });
    await rig.settle();
    await rig.charge(1);
    expect(rig.sent()).not.toContain("StartTransaction");
    expect(rig.statuses(0)).toEqual(["Faulted"]);
    expect(rig.statuses(1)).toEqual(["Faulted"]);
    expect(rig.statuses(2)).toEqual(["Faulted"]);
  });

  test("ChangeAvailability Inoperative survives a restart (TC_013, TC_034)", async () => {
    const availability = new MemoryAvailabilityStore();
    const rig = stationRig({ availability });
    await rig.boot();
    expect(rig.station.availability.change(1, "Inoperative")).toBe("Accepted");
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Unavailable"]);
    const again = stationRig({ availability });
    again.station.start();
    again.csms.connect();
    await again.settle();
    expect(again.payloadsOf("StatusNotification").map((p) => p.status)).toEqual(["Available", "Unavailable", "Available"]);
    again.c1.setPilot("C");
    expect(again.remoteStart("CARD", 1)).toBe("Rejected");
  });

  test("ChangeAvailability during a transaction is Scheduled and applies when it ends", async () => {
    const rig = stationRig();
    await rig.boot();
    await rig.charge(1);
    expect(rig.station.availability.change(1, "Inoperative")).toBe("Scheduled");
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(rig.statuses(1).at(-1)).toBe("Unavailable");
  });
});
