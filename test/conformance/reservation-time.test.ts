import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER, status, statusOf, VALID, VALID2 } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

/** Issue 14 "Time", MinimumStatusDuration and the replacing reservationId, through the compiled binary. */
describe("Reservation time and replacement (issue 14)", () => {
  test("expiry follows the clock the Central System set: an hour ahead, a date half an hour from now is already past", async () => {
    const station = await ConformanceStation.start();
    const aheadMs = 3_600_000;
    station.script.overrides.set("BootNotification", () => ({ result: { status: "Accepted", currentTime: new Date(Date.now() + aheadMs).toISOString(), interval: 300 } }));
    const reset = station.mark();
    expect(await station.request("Reset", { type: "Hard" })).toEqual({ status: "Accepted" });
    // The override answers the boot, so the harness's untilIdle does not see it: the boot statuses say it.
    const boot = station.csms.calls.indexOf(await station.waitFor(call("BootNotification"), reset)) + 1;
    for (const connectorId of [0, C, OTHER]) await station.waitFor(statusOf(connectorId), boot);

    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(30 * 60_000), idTag: VALID, reservationId: R })).toEqual({ status: "Rejected" });
    const since = station.mark();
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(aheadMs + 4_000), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Reserved"), since);
    await station.waitFor(status(C, "Available"), since, 15_000);
    expect(station.statuses(C, since)).toEqual(["Reserved", "Available"]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("Reserved waits MinimumStatusDuration like any status, and carries the time it began", async () => {
    const station = await ConformanceStation.start({ ocpp: { MinimumStatusDuration: 3 } });
    const since = station.mark();
    const reservedAt = Date.now();
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    const reserved = await station.waitFor(status(C, "Reserved"), since);
    expect(reserved.at - reservedAt).toBeGreaterThanOrEqual(2_900);
    expect(Math.abs(new Date(reserved.payload.timestamp).getTime() - reservedAt)).toBeLessThan(1_000);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("ReserveNow with the same reservationId replaces the reservation: here it moves to the other connector and another user", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Reserved"), since);
    expect(await station.request("ReserveNow", { connectorId: OTHER, expiryDate: expiryIn(), idTag: VALID2, reservationId: R })).toEqual({ status: "Accepted" });
    await station.waitFor(status(OTHER, "Reserved"), since);
    await station.waitFor(status(C, "Available"), since);
    expect(await diagReservations(station)).toEqual([`${R}@${OTHER} ${VALID2}`]);

    const charging = station.mark();
    await station.rsCharging(OTHER, VALID2, { isReserved: true });
    expect((await station.waitFor(call("StartTransaction"), charging)).payload).toMatchObject({ connectorId: OTHER, idTag: VALID2, reservationId: R });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
