import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID, VALID2 } from "./harness.ts";
import { diagReservations, R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

describe("TC_051_CS Cancel Reservation", () => {
  test("CancelReservation is Accepted, the connector is Available, and VALID2 then charges without a reservationId", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    const since = station.mark();
    expect(await station.request("CancelReservation", { reservationId: R })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Available"), since);
    expect(await diagReservations(station)).toEqual([]);

    const charging = station.mark();
    await station.rsCharging(C, VALID2);
    const start = await station.waitFor(call("StartTransaction"), charging);
    expect(start.payload).not.toHaveProperty("reservationId");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
