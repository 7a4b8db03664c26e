import { describe, expect, test } from "bun:test";
import { expiryCheckMs } from "../../../../src/profiles/reservation/reservations.ts";
import { reservationRig } from "./reservation-rig.ts";

const inAMinute = "2026-01-01T10:01:00.000Z";

describe("a reservation ends", () => {
  test("when its expiryDate passes: the connector is Available again, with StatusNotification (TC_047)", async () => {
    const rig = await reservationRig();
    expect(await rig.reserve({ expiryDate: inAMinute })).toBe("Accepted");
    await rig.settle(59_999);
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    await rig.settle(1);
    expect(rig.statuses(1)).toEqual(["Reserved", "Available"]);
    expect(rig.reservations()).toEqual([]);
    expect(rig.stored()).toEqual([]);
    await rig.charge(1, "OTHER");
    expect(rig.payloadsOf("StartTransaction")[0]).not.toHaveProperty("reservationId");
  });

  test("by the station's clock: when the Central System sets it later, the expiry follows within a few seconds", async () => {
    const rig = await reservationRig();
    await rig.reserve({ expiryDate: "2026-01-01T10:30:00.000Z" });
    rig.clock.adjust(new Date("2026-01-01T10:45:00.000Z"));
    await rig.settle(expiryCheckMs);
    expect(rig.statuses(1)).toEqual(["Reserved", "Available"]);
  });

  test("by CancelReservation: Accepted and Available; an unknown id is Rejected and the reservation stays (TC_051, TC_052)", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    expect(await rig.cancel(2)).toBe("Rejected");
    expect(rig.reservations()).toEqual(["1@1 VALID"]);
    expect(await rig.cancel(1)).toBe("Accepted");
    expect(rig.statuses(1)).toEqual(["Reserved", "Available"]);
    expect(rig.stored()).toEqual([]);
    expect(await rig.cancel(1)).toBe("Rejected");
  });

  test("when the connector becomes Faulted: it is Available, not Reserved, once the fault clears", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    rig.c1.fault({ errorCode: "GroundFailure", severity: "fault", source: "simulated" });
    await rig.settle();
    expect(rig.reservations()).toEqual([]);
    expect(rig.stored()).toEqual([]);
    rig.c1.clearFaults();
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Reserved", "Faulted", "Available"]);
  });

  test("all of them when the station becomes Faulted", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    await rig.reserve({ reservationId: 2, connectorId: 2, idTag: "B" });
    rig.hardware.stationFault({ errorCode: "OtherError", severity: "fault", source: "simulated" });
    await rig.settle();
    expect(rig.reservations()).toEqual([]);
  });

  test("when ChangeAvailability makes its connector Inoperative: Accepted at once (no transaction), Unavailable, and it is gone", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    expect(await rig.request("ChangeAvailability", { connectorId: 1, type: "Inoperative" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.reservations()).toEqual([]);
    expect(await rig.request("ChangeAvailability", { connectorId: 1, type: "Operative" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.statuses(1)).toEqual(["Reserved", "Unavailable", "Available"]);
  });

  test("all of them when the whole station is made Inoperative", async () => {
    const rig = await reservationRig();
    await rig.reserve({ connectorId: 0 });
    await rig.reserve({ reservationId: 2, connectorId: 2, idTag: "B" });
    expect(await rig.request("ChangeAvailability", { connectorId: 0, type: "Inoperative" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(rig.reservations()).toEqual([]);
  });

  test("when the reserved user starts: the transaction observer ends it, and the connector is Available after the session", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    await rig.charge(1, "VALID");
    expect(rig.reservations()).toEqual([]);
    rig.hardware.swipe("VALID");
    await rig.settle();
    rig.c1.setPilot("A");
    await rig.settle();
    expect(rig.statuses(1)).toEqual(["Reserved", "Preparing", "Charging", "Finishing", "Available"]);
  });
});

describe("the operator's switches", () => {
  test("ReservationEnabled false answers ReserveNow Rejected; a reservation made before stays until it ends", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    expect(await rig.request("ChangeConfiguration", { key: "ReservationEnabled", value: "false" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(await rig.reserve({ reservationId: 2, connectorId: 2 })).toBe("Rejected");
    expect(rig.reservations()).toEqual(["1@1 VALID"]);
    expect(await rig.cancel(1)).toBe("Accepted");
  });

  test("ReserveConnectorZeroSupported is read-only, true from the factory; station.json may set it false, then connector 0 is Rejected", async () => {
    const rig = await reservationRig();
    expect(await rig.request("GetConfiguration", { key: ["ReserveConnectorZeroSupported", "ReservationEnabled"] })).toEqual([
      3, "id", { configurationKey: [{ key: "ReserveConnectorZeroSupported", readonly: true, value: "true" }, { key: "ReservationEnabled", readonly: false, value: "true" }] },
    ]);
    expect(await rig.request("ChangeConfiguration", { key: "ReserveConnectorZeroSupported", value: "false" })).toEqual([3, "id", { status: "Rejected" }]);
    const off = await reservationRig({ ocpp: { ReserveConnectorZeroSupported: "false" } });
    expect(await off.reserve({ connectorId: 0 })).toBe("Rejected");
    expect(await off.reserve({ connectorId: 1 })).toBe("Accepted");
  });
});
