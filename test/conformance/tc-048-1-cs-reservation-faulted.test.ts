import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_048_1_CS Reservation of a Connector - Faulted", () => {
  test("ReserveNow for a Faulted connector is Faulted and reserves nothing", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    await station.sim("fault", String(C), "GroundFailure");
    await station.waitFor(status(C, "Faulted"), since);
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Faulted" });
    expect(await diagReservations(station)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
