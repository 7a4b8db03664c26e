import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, OTHER, VALID, VALID2 } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

/** Issue 14 "Bad input": each gets a defined answer, and none disturbs a running transaction. */
describe("Reservation bad input (issue 14)", () => {
  test("expiry in the past, connectors 3 and -1, an idTag of 21 characters, a date that is none, an occupied connector", async () => {
    const station = await ConformanceStation.start();
    await station.rsCharging(OTHER, VALID2);
    const since = station.mark();
    const reserve = (fields: Record<string, unknown>) => station.csms.call("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R, ...fields });

    expect(await reserve({ expiryDate: expiryIn(-60_000) })).toEqual([3, expect.any(String), { status: "Rejected" }]);
    expect(await reserve({ connectorId: 3 })).toEqual([3, expect.any(String), { status: "Rejected" }]);
    expect(await reserve({ connectorId: -1 })).toEqual([3, expect.any(String), { status: "Rejected" }]);
    expect((await reserve({ idTag: "0".repeat(21) })).slice(0, 3)).toEqual([4, expect.any(String), "PropertyConstraintViolation"]);
    expect((await reserve({ expiryDate: "next tuesday" })).slice(0, 3)).toEqual([4, expect.any(String), "PropertyConstraintViolation"]);
    expect(await reserve({ connectorId: OTHER })).toEqual([3, expect.any(String), { status: "Occupied" }]);
    expect(await station.csms.call("CancelReservation", { reservationId: R })).toEqual([3, expect.any(String), { status: "Rejected" }]);

    expect(await diagReservations(station)).toEqual([]);
    await station.untilConnectorStatus(OTHER, "Charging");
    expect(matching(station.callsSince(since), call("StopTransaction"))).toEqual([]);
    expect(station.statuses(OTHER, since)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("ReserveNow while the registration is Pending is Rejected", async () => {
    const station = await ConformanceStation.start({ bootAnswers: [{ status: "Pending", interval: 30 }], waitUntilIdle: false });
    await station.waitFor(call("BootNotification"), 0);
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Rejected" });
    expect(await diagReservations(station)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
