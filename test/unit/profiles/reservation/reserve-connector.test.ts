import { describe, expect, test } from "bun:test";
import { inAnHour, reservationRig } from "./reservation-rig.ts";

describe("ReserveNow for a connector (§13.1, TC_046, TC_048)", () => {
  test("is Accepted and stored before its answer, and the connector reports Reserved after the answer", async () => {
    const rig = await reservationRig();
    const frame = await rig.answer("ReserveNow", { connectorId: 1, expiryDate: inAnHour, idTag: "VALID", reservationId: 1 });
    expect(frame).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.stored()).toEqual(["1@1 VALID"]);
    expect(rig.statuses(1)).toEqual([]);
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    expect(rig.c1.shown.at(-1)).toBe("Reserved");
  });

  test("answers Faulted, Occupied and Unavailable as the connector is, and changes nothing then", async () => {
    const rig = await reservationRig();
    rig.c1.fault({ errorCode: "GroundFailure", severity: "fault", source: "simulated" });
    expect(await rig.reserve()).toBe("Faulted");
    rig.c1.clearFaults();
    rig.c1.setPilot("B");
    await rig.settle();
    expect(await rig.reserve()).toBe("Occupied");
    expect(await rig.request("ChangeAvailability", { connectorId: 2, type: "Inoperative" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(await rig.reserve({ connectorId: 2 })).toBe("Unavailable");
    expect(rig.reservations()).toEqual([]);
    expect(rig.stored()).toEqual([]);
    expect(rig.statuses(1)).not.toContain("Reserved");
  });

  test("is Occupied on a connector reserved by another reservation, or with a transaction", async () => {
    const rig = await reservationRig();
    expect(await rig.reserve()).toBe("Accepted");
    expect(await rig.reserve({ reservationId: 2, idTag: "OTHER" })).toBe("Occupied");
    await rig.charge(2, "SOMEONE");
    expect(await rig.reserve({ reservationId: 3, connectorId: 2 })).toBe("Occupied");
    expect(rig.reservations()).toEqual(["1@1 VALID"]);
  });

  test("the same reservationId replaces the earlier reservation: here it moves to the other connector", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    expect(await rig.reserve({ connectorId: 2, idTag: "NEWTAG" })).toBe("Accepted");
    expect(rig.reservations()).toEqual(["1@2 NEWTAG"]);
    expect(rig.stored()).toEqual(["1@2 NEWTAG"]);
    expect(rig.statuses(1)).toEqual(["Reserved", "Available"]);
    expect(rig.statuses(2)).toEqual(["Reserved"]);
  });
});

describe("a reserved connector", () => {
  test("starts only for the reserved idTag: another card gets no Authorize, no transaction, and the refused-card light", async () => {
    const rig = await reservationRig();
    await rig.request("ChangeAvailability", { connectorId: 2, type: "Inoperative" });
    await rig.reserve();
    rig.csms.calls.length = 0;
    rig.hardware.swipe("OTHER");
    await rig.settle();
    expect(rig.sent()).toEqual([]);
    expect(rig.c1.refusedCards).toBe(1);
    rig.hardware.swipe("valid");
    await rig.settle();
    rig.c1.setPilot("C");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
    expect(rig.payloadsOf("StartTransaction")[0]).toMatchObject({ connectorId: 1, idTag: "valid", reservationId: 1 });
    expect(rig.statuses(1)).toEqual(["Preparing", "Charging"]);
    expect(rig.reservations()).toEqual([]);
    expect(rig.stored()).toEqual([]);
  });

  test("another card still starts on the free connector beside it", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    await rig.charge(2, "OTHER");
    expect(rig.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ connectorId: 2, idTag: "OTHER" })]);
    expect(rig.payloadsOf("StartTransaction")[0]).not.toHaveProperty("reservationId");
    expect(rig.reservations()).toEqual(["1@1 VALID"]);
  });

  test("admits a tag of the reservation's group: its parentIdTag comes from an Authorize when neither list nor cache knows it", async () => {
    const rig = await reservationRig({ answers: { Authorize: (p) => ({ kind: "ok", payload: { idTagInfo: { status: "Accepted", parentIdTag: p.idTag === "MEMBER" ? "FLEET" : "ELSEWHERE" } } }) } });
    await rig.request("ChangeAvailability", { connectorId: 2, type: "Inoperative" });
    await rig.reserve({ parentIdTag: "FLEET" });
    rig.c1.setPilot("C");
    rig.hardware.swipe("STRANGER");
    await rig.settle();
    expect(rig.sent()).toEqual(["Authorize"]);
    expect(rig.c1.refusedCards).toBe(1);
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    rig.hardware.swipe("MEMBER");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ connectorId: 1, idTag: "MEMBER", reservationId: 1 })]);
  });

  test("a tag whose group the cache knows is refused without asking the Central System", async () => {
    const rig = await reservationRig({ ocpp: { AuthorizationCacheEnabled: "true" } });
    rig.station.authorizer.learn("STRANGER", { status: "Accepted", parentIdTag: "ELSEWHERE" });
    await rig.request("ChangeAvailability", { connectorId: 2, type: "Inoperative" });
    await rig.reserve({ parentIdTag: "FLEET" });
    rig.csms.calls.length = 0;
    rig.hardware.swipe("STRANGER");
    await rig.settle();
    expect(rig.sent()).toEqual([]);
    expect(rig.c1.refusedCards).toBe(1);
  });

  test("RemoteStartTransaction: Rejected for another idTag, Accepted for the reserved one, whose StartTransaction carries the reservationId", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    rig.c1.setPilot("C");
    await rig.settle();
    expect(await rig.request("RemoteStartTransaction", { connectorId: 1, idTag: "OTHER" })).toEqual([3, "id", { status: "Rejected" }]);
    rig.csms.calls.length = 0;
    expect(await rig.request("RemoteStartTransaction", { connectorId: 1, idTag: "VALID" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ connectorId: 1, idTag: "VALID", reservationId: 1 })]);
    // RS-Charging steps 5–6: the EV waiting on the Reserved connector shows Preparing before the Authorize.
    expect(rig.csms.calls.map((c) => (c.action === "StatusNotification" ? (c.payload as { status: string }).status : c.action))).toEqual(["Preparing", "Authorize", "StartTransaction", "Charging"]);
  });

  test("RemoteStartTransaction of a group's tag not known locally is Accepted, authorized, and starts with the reservationId (TC_053_2)", async () => {
    const rig = await reservationRig({ answers: { Authorize: () => ({ kind: "ok", payload: { idTagInfo: { status: "Accepted", parentIdTag: "FLEET" } } }) } });
    await rig.reserve({ parentIdTag: "FLEET" });
    rig.c1.setPilot("C");
    expect(await rig.request("RemoteStartTransaction", { connectorId: 1, idTag: "MEMBER" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ idTag: "MEMBER", reservationId: 1 })]);
  });

  test("without AuthorizeRemoteTxRequests a remote start still learns the group with an Authorize (§13.1)", async () => {
    const rig = await reservationRig({
      ocpp: { AuthorizeRemoteTxRequests: "false" },
      answers: { Authorize: () => ({ kind: "ok", payload: { idTagInfo: { status: "Accepted", parentIdTag: "FLEET" } } }) },
    });
    await rig.reserve({ parentIdTag: "FLEET" });
    rig.c1.setPilot("C");
    expect(await rig.request("RemoteStartTransaction", { connectorId: 1, idTag: "MEMBER" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
    expect(rig.payloadsOf("StartTransaction")[0]).toMatchObject({ idTag: "MEMBER", reservationId: 1 });
  });

  test("an EV plugged in first waits there, Reserved: no card of someone else starts it, the reserved card does (Reserved, Preparing, Charging)", async () => {
    const rig = await reservationRig({ ocpp: { ConnectionTimeOut: "30" } });
    await rig.request("ChangeAvailability", { connectorId: 2, type: "Inoperative" });
    await rig.reserve();
    rig.c1.setPilot("C");
    await rig.settle(60_000);
    rig.hardware.swipe("OTHER");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")).toEqual([]);
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    rig.csms.calls.length = 0;
    rig.hardware.swipe("VALID");
    await rig.settle();
    // RS-Authorized, then the start: Preparing goes out before the StartTransaction.
    expect(rig.csms.calls.map((c) => (c.action === "StatusNotification" ? (c.payload as { status: string }).status : c.action))).toEqual(["Authorize", "Preparing", "StartTransaction", "Charging"]);
    expect(rig.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ connectorId: 1, idTag: "VALID", reservationId: 1 })]);
  });

  test("shows Reserved only once it lasted MinimumStatusDuration; one cancelled sooner is never reported", async () => {
    const rig = await reservationRig({ ocpp: { MinimumStatusDuration: "10" } });
    await rig.reserve();
    await rig.settle(9_000);
    expect(rig.statuses(1)).toEqual([]);
    await rig.settle(1_000);
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    await rig.reserve({ reservationId: 2, connectorId: 2 });
    await rig.settle(5_000);
    expect(await rig.cancel(2)).toBe("Accepted");
    await rig.settle(20_000);
    expect(rig.statuses(2)).toEqual([]);
  });
});
