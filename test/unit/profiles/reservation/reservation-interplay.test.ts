import { describe, expect, test } from "bun:test";
import { MemoryAvailabilityStore } from "../../../support/memory-availability-store.ts";
import { MemoryTransactionStore } from "../../../support/memory-transaction-store.ts";
import { inAnHour, reservationRig } from "./reservation-rig.ts";

describe("a reservation of connector 0 (ReserveConnectorZeroSupported, TC_049, TC_050)", () => {
  test("holds no connector while two are free, and the last free one (Reserved) once the other is taken", async () => {
    const rig = await reservationRig();
    expect(await rig.reserve({ connectorId: 0 })).toBe("Accepted");
    expect([rig.statuses(1), rig.statuses(2)]).toEqual([[], []]);
    await rig.charge(2, "OTHER");
    expect(rig.statuses(1)).toEqual(["Reserved"]);
    rig.c1.setPilot("C");
    rig.hardware.swipe("STRANGER");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")).toHaveLength(1);
    rig.hardware.swipe("VALID");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")[1]).toMatchObject({ connectorId: 1, idTag: "VALID", reservationId: 1 });
    expect(rig.reservations()).toEqual([]);
  });

  test("the reserved user may start on any connector, with the reservationId", async () => {
    const rig = await reservationRig();
    await rig.reserve({ connectorId: 0 });
    await rig.charge(2, "VALID");
    expect(rig.payloadsOf("StartTransaction")[0]).toMatchObject({ connectorId: 2, idTag: "VALID", reservationId: 1 });
    expect(rig.statuses(1)).toEqual([]);
  });

  test("answers Occupied when every connector is in use, Faulted and Unavailable as the station is", async () => {
    const rig = await reservationRig();
    rig.c1.setPilot("B");
    rig.c2.setPilot("B");
    await rig.settle();
    expect(await rig.reserve({ connectorId: 0 })).toBe("Occupied");
    const faulted = await reservationRig();
    faulted.hardware.stationFault({ errorCode: "OtherError", severity: "fault", source: "simulated" });
    expect(await faulted.reserve({ connectorId: 0 })).toBe("Faulted");
    const inoperative = await reservationRig();
    await inoperative.request("ChangeAvailability", { connectorId: 0, type: "Inoperative" });
    expect(await inoperative.reserve({ connectorId: 0 })).toBe("Unavailable");
  });

  test("beside a reservation of a connector: together they hold both connectors, each for its own user", async () => {
    const rig = await reservationRig();
    expect(await rig.reserve({ connectorId: 0, idTag: "A", reservationId: 7 })).toBe("Accepted");
    expect(await rig.reserve({ connectorId: 1, idTag: "B", reservationId: 8 })).toBe("Accepted");
    expect([rig.statuses(1), rig.statuses(2)]).toEqual([["Reserved"], ["Reserved"]]);
    expect(await rig.reserve({ connectorId: 0, idTag: "C", reservationId: 9 })).toBe("Occupied");
    await rig.charge(2, "A");
    await rig.charge(1, "B");
    expect(rig.payloadsOf("StartTransaction").map((p) => [p.connectorId, p.idTag, p.reservationId])).toEqual([[2, "A", 7], [1, "B", 8]]);
  });
});

describe("interplay", () => {
  test("both connectors reserved for different users: each starts only on its own", async () => {
    const rig = await reservationRig();
    await rig.reserve({ connectorId: 1, idTag: "A", reservationId: 1 });
    await rig.reserve({ connectorId: 2, idTag: "B", reservationId: 2 });
    expect(await rig.request("RemoteStartTransaction", { connectorId: 2, idTag: "A" })).toEqual([3, "id", { status: "Rejected" }]);
    rig.c2.setPilot("C");
    rig.hardware.swipe("A");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")).toEqual([]);
    rig.hardware.swipe("B");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ connectorId: 2, idTag: "B", reservationId: 2 })]);
    expect(rig.reservations()).toEqual(["1@1 A"]);
  });

  test("a Soft or Hard Reset keeps the reservations: the connector is Reserved again after the boot", async () => {
    const rig = await reservationRig();
    await rig.reserve();
    rig.built.stop("SoftReset");
    const again = await reservationRig({ database: rig.database, clock: rig.clock });
    expect(again.reservations()).toEqual(["1@1 VALID"]);
    expect(again.station.statuses.current(1)?.status).toBe("Reserved");
  });

  test("ReserveNow while the registration is Pending is Rejected", async () => {
    const rig = await reservationRig({
      isBooted: false,
      answers: { BootNotification: () => ({ kind: "ok", payload: { status: "Pending", currentTime: "2026-01-01T10:00:00Z", interval: 60 } }) },
    });
    rig.built.start();
    rig.csms.connect();
    await rig.settle();
    expect(await rig.reserve()).toBe("Rejected");
    expect(rig.reservations()).toEqual([]);
  });
});

describe("after a restart or a power loss", () => {
  test("a reservation still valid is back, Reserved in the boot StatusNotification, and still admits only its user", async () => {
    const first = await reservationRig();
    await first.reserve();
    // A power loss: the process is gone with its timers; the next start reads the same database.
    first.built.stop();
    const second = await reservationRig({ isBooted: false, database: first.database, clock: first.clock });
    second.built.start();
    second.csms.connect();
    await second.settle();
    expect(second.statuses(1)).toEqual(["Reserved"]);
    expect(second.statuses(2)).toEqual(["Available"]);
    expect(await second.request("RemoteStartTransaction", { connectorId: 1, idTag: "OTHER" })).toEqual([3, "id", { status: "Rejected" }]);
  });

  test("a reservation whose expiry passed while the station was off is expired, not revived", async () => {
    const first = await reservationRig();
    await first.reserve({ expiryDate: "2026-01-01T10:10:00.000Z" });
    first.built.stop();
    first.clock.adjust(new Date("2026-01-01T10:20:00.000Z"));
    const second = await reservationRig({ database: first.database, clock: first.clock });
    expect(second.reservations()).toEqual([]);
    expect(second.stored()).toEqual([]);
    expect(second.station.statuses.current(1)?.status).toBe("Available");
  });

  test("an EV plugged in across the power loss still waits for the reserved user", async () => {
    const first = await reservationRig();
    await first.reserve();
    first.built.stop();
    const second = await reservationRig({ isBooted: false, database: first.database, clock: first.clock });
    second.c1.pilotState = "C";
    await second.boot();
    second.hardware.swipe("OTHER");
    await second.settle();
    expect(second.station.statuses.current(1)?.status).toBe("Reserved");
    second.hardware.swipe("VALID");
    await second.settle();
    expect(second.payloadsOf("StartTransaction")).toEqual([expect.objectContaining({ connectorId: 1, idTag: "VALID", reservationId: 1 })]);
  });
});

describe("bad input gets a defined answer and disturbs no running transaction", () => {
  test("expiry in the past, unknown connectors, an idTag longer than 20, an occupied connector", async () => {
    const store = new MemoryTransactionStore();
    const rig = await reservationRig({ store, availability: new MemoryAvailabilityStore() });
    await rig.charge(2, "DRIVER");
    const before = rig.csms.calls.length;
    expect(await rig.reserve({ expiryDate: "2025-12-31T23:00:00Z" })).toBe("Rejected");
    expect(await rig.reserve({ connectorId: 3 })).toBe("Rejected");
    expect(await rig.reserve({ connectorId: -1 })).toBe("Rejected");
    expect((await rig.request("ReserveNow", { connectorId: 1, expiryDate: inAnHour, idTag: "X".repeat(21), reservationId: 1 }))?.slice(0, 3)).toEqual([4, "id", "PropertyConstraintViolation"]);
    expect((await rig.request("ReserveNow", { connectorId: 1, expiryDate: "tomorrow", idTag: "VALID", reservationId: 1 }))?.slice(0, 3)).toEqual([4, "id", "PropertyConstraintViolation"]);
    expect(await rig.reserve({ connectorId: 2 })).toBe("Occupied");
    expect(rig.reservations()).toEqual([]);
    expect(rig.csms.calls.slice(before)).toEqual([]);
    expect(rig.station.sessions.hasTransaction(2)).toBe(true);
    expect(rig.c2.isContactorClosed).toBe(true);
  });
});
