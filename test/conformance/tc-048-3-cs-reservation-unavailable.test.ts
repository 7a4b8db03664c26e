import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_048_3_CS Reservation of a Connector - Unavailable", () => {
  test("ReserveNow for an Inoperative connector is Unavailable", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("ChangeAvailability", { connectorId: C, type: "Inoperative" })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Unavailable"), since);
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Unavailable" });
    expect(await diagReservations(station)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
