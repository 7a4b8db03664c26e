/** Test data of the Reservation cases (TEST-CASES.md §8) beside the harness's cards. */
import { expect } from "bun:test";
import { diagJson } from "../support/binary.ts";
import { type ConformanceStation, OTHER, status } from "./harness.ts";

/** The reservationId R of the cases. */
export const R = 41;
/** A card the Central System does not know, for "present a different tag". */
export const DIFFERENT = "04B0B0B0";
/** RESV_OFF of TEST-CASES.md §2: how far in the future a reservation ends. */
export const reservationOffsetMs = 5 * 60_000;

/** An expiryDate `ms` from now on the test machine's clock, which is the station's (BootNotification currentTime). */
export function expiryIn(ms: number = reservationOffsetMs): string {
  return new Date(Date.now() + ms).toISOString();
}

/** RS-SetConnectorUnavailable for every connector but C: the one reader then serves only C. */
export async function otherConnectorUnavailable(station: ConformanceStation): Promise<void> {
  const since = station.mark();
  expect(await station.request("ChangeAvailability", { connectorId: OTHER, type: "Inoperative" })).toEqual({ status: "Accepted" });
  await station.waitFor(status(OTHER, "Unavailable"), since);
}

/** RS-Reserved: ReserveNow Accepted, then StatusNotification Reserved. */
export async function rsReserved(station: ConformanceStation, connectorId: number, fields: Record<string, unknown>): Promise<void> {
  const since = station.mark();
  expect(await station.request("ReserveNow", { connectorId, expiryDate: expiryIn(), reservationId: R, ...fields })).toEqual({ status: "Accepted" });
  await station.waitFor(status(connectorId, "Reserved"), since);
}

/** The reservations `csc22b7 diag --json` shows, as "id@connector idTag". */
export async function diagReservations(station: ConformanceStation): Promise<string[]> {
  type Report = { profiles: { Reservation: { data: { reservations: { reservationId: number; connectorId: number; idTag: string }[] } } } };
  const report = await diagJson<Report>(station.config, station.cwd);
  return report.profiles.Reservation.data.reservations.map((r) => `${r.reservationId}@${r.connectorId} ${r.idTag}`);
}
