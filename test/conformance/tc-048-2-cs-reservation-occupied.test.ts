import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_048_2_CS Reservation of a Connector - Occupied", () => {
  test("ReserveNow for a connector with an EV plugged in (Preparing) is Occupied", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since);
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Occupied" });
    expect(await diagReservations(station)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
