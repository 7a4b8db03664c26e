import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, observe, VALID, VALID2 } from "./harness.ts";
import { diagReservations, R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

describe("TC_052_CS Cancel Reservation - Rejected", () => {
  test("CancelReservation of another id is Rejected and the reservation stays", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    const since = station.mark();
    expect(await station.request("CancelReservation", { reservationId: R + 1 })).toEqual({ status: "Rejected" });
    await observe(500);
    expect(station.statuses(C, since)).toEqual([]);
    expect(await diagReservations(station)).toEqual([`${R}@${C} ${VALID}`]);
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID2 })).toEqual({ status: "Rejected" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
