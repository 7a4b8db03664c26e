import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, observe, VALID } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

/** The case is for a station without the profile; this one supports it, and the operator can turn reservations off. */
describe("TC_048_4_CS Reservation of a Connector - Rejected", () => {
  test("with reservations turned off (ReservationEnabled false in station.json) ReserveNow is Rejected and the connector stays Available", async () => {
    const station = await ConformanceStation.start({ ocpp: { ReservationEnabled: false } });
    const since = station.mark();
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Rejected" });
    await observe(500);
    expect(station.statuses(C, since)).toEqual([]);
    expect(await diagReservations(station)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("the Central System turns them off with ChangeConfiguration, and on again", async () => {
    const station = await ConformanceStation.start();
    expect(await station.request("ChangeConfiguration", { key: "ReservationEnabled", value: "false" })).toEqual({ status: "Accepted" });
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Rejected" });
    expect(await station.request("ChangeConfiguration", { key: "ReservationEnabled", value: "true" })).toEqual({ status: "Accepted" });
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
