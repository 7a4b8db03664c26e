import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, observe, OTHER, status, VALID, VALID2 } from "./harness.ts";
import { DIFFERENT, diagReservations, expiryIn, R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

/** Issue 14 "Interplay": the cases beside the OCTT ones, through the compiled binary. */
describe("Reservation interplay (issue 14)", () => {
  test("a reservation of connector 0 and one of a connector at the same time: both connectors held, each user starts with their own reservation", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID2, reservationId: R + 1 })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Reserved"), since);
    await station.waitFor(status(OTHER, "Reserved"), since);
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: DIFFERENT, reservationId: R + 2 })).toEqual({ status: "Occupied" });
    expect(await station.request("RemoteStartTransaction", { connectorId: OTHER, idTag: VALID2 })).toEqual({ status: "Rejected" });

    await station.rsCharging(OTHER, VALID, { isReserved: true });
    await station.rsCharging(C, VALID2, { isReserved: true });
    const starts = matching(station.callsSince(since), call("StartTransaction")).map((c) => [c.payload.connectorId, c.payload.idTag, c.payload.reservationId]);
    expect(starts).toEqual([[OTHER, VALID, R], [C, VALID2, R + 1]]);
    expect(await diagReservations(station)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("both connectors reserved for different users: a card starts only on its own, the other reservation stays", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    await station.request("ReserveNow", { connectorId: OTHER, expiryDate: expiryIn(), idTag: VALID2, reservationId: R + 1 });
    const since = station.mark();
    await station.sim("swipe", DIFFERENT);
    await station.untilLogged(new RegExp(`card refused idTag=${DIFFERENT}`), 1);
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID2 })).toEqual({ status: "Rejected" });
    await station.sim("plug", String(OTHER));
    await station.untilPilot(OTHER, ["B", "C"]);
    await station.sim("swipe", VALID2);
    const start = await station.waitFor(call("StartTransaction"), since);
    expect(start.payload).toMatchObject({ connectorId: OTHER, idTag: VALID2, reservationId: R + 1 });
    expect(matching(station.callsSince(since), call("Authorize")).map((c) => c.payload.idTag)).toEqual([VALID2]);
    expect(await diagReservations(station)).toEqual([`${R}@${C} ${VALID}`]);
    expect(station.statuses(C, since)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("an EV already plugged into the reserved connector stays Reserved; another user's card does not start it, the reserved card does", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    const since = station.mark();
    await station.sim("plug", String(C));
    await station.untilPilot(C, ["B", "C"]);
    // A valid card of someone else: authorized, it may only use the free connector, where it now waits for its EV.
    await station.sim("swipe", VALID2);
    await station.waitFor(status(OTHER, "Preparing"), since);
    await observe(1_000);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(station.statuses(C, since)).toEqual([]);
    const reserved = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Charging"), reserved);
    expectInOrder(station.callsSince(reserved), [call("Authorize", { idTag: VALID }), status(C, "Preparing"), [call("StartTransaction", { idTag: VALID, reservationId: R }), status(C, "Charging")]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("ChangeAvailability Inoperative of a reserved connector is Accepted (no transaction), ends the reservation, and Operative gives Available", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    const since = station.mark();
    expect(await station.request("ChangeAvailability", { connectorId: C, type: "Inoperative" })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Unavailable"), since);
    expect(await diagReservations(station)).toEqual([]);
    expect(await station.request("ChangeAvailability", { connectorId: C, type: "Operative" })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Available"), since);
    expect(station.statuses(C, since)).toEqual(["Unavailable", "Available"]);
    await station.untilLogged(/reservation ended .*why="connector 1 Unavailable"/, 1);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("Soft and Hard Reset keep the reservation: the connector is Reserved in the statuses after each boot", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    for (const type of ["Soft", "Hard"]) {
      const reset = station.mark();
      expect(await station.request("Reset", { type })).toEqual({ status: "Accepted" });
      await station.untilIdle(reset);
      const boot = reset + station.callsSince(reset).findIndex((c) => c.action === "BootNotification");
      expect([station.statuses(C, boot), station.statuses(OTHER, boot)]).toEqual([["Reserved"], ["Available"]]);
    }
    expect(await diagReservations(station)).toEqual([`${R}@${C} ${VALID}`]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
