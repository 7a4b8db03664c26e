import { describe, expect, test } from "bun:test";
import { diagJson } from "../support/binary.ts";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER, VALID, VALID2 } from "./harness.ts";
import { diagReservations, expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

/** Issue 14 "Durable" and "Time": SIGKILL of the compiled binary with reservations standing. */
describe("Reservation across a power cut (issue 14)", () => {
  test("a still-valid reservation comes back Reserved; one whose expiry passed while the power was off is expired, not revived", async () => {
    const station = await ConformanceStation.start();
    const shortExpiryMs = Date.now() + 6_000;
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    expect(await station.request("ReserveNow", { connectorId: OTHER, expiryDate: new Date(shortExpiryMs).toISOString(), idTag: VALID2, reservationId: R + 1 })).toEqual({ status: "Accepted" });
    expect(await diagReservations(station)).toEqual([`${R}@${C} ${VALID}`, `${R + 1}@${OTHER} ${VALID2}`]);

    const cut = station.mark();
    await station.powerCycle(async () => {
      // Off: diag reads the database; then the short reservation's expiry passes in the dark.
      const stopped = await diagJson<{ running: boolean; profiles: { Reservation: { data: { reservations: unknown[] } } } }>(station.config, station.cwd);
      expect(stopped.running).toBe(false);
      expect(stopped.profiles.Reservation.data.reservations).toHaveLength(2);
      await Bun.sleep(Math.max(0, shortExpiryMs - Date.now() + 500));
    });
    await station.untilIdle(cut);
    expect([station.statuses(C, cut), station.statuses(OTHER, cut)]).toEqual([["Reserved"], ["Available"]]);
    expect(await diagReservations(station)).toEqual([`${R}@${C} ${VALID}`]);
    await station.untilLogged(/reservation ended .*why="expired while the station was off"/, 1);

    const since = station.mark();
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID2 })).toEqual({ status: "Rejected" });
    await station.sim("swipe", VALID);
    await station.sim("plug", String(C));
    const start = await station.waitFor(call("StartTransaction"), since);
    expect(start.payload).toMatchObject({ connectorId: C, idTag: VALID, reservationId: R });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
