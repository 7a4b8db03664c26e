import { defineProfile, type ProfileDiagnostics } from "../profile.ts";
import { cancelReservation } from "./handlers/cancel-reservation.ts";
import { reserveNow } from "./handlers/reserve-now.ts";
import { reservationKeys } from "./keys.ts";
import type { Reservation } from "./reservation-book.ts";
import { ReservationRepo } from "./reservation-repo.ts";
import { Reservations } from "./reservations.ts";

/**
 * OCPP 1.6 Reservation (SPEC-DIGEST §13): ReserveNow for a connector or for the station (connector 0),
 * CancelReservation; a reserved connector is held for its idTag or group through the core's connector
 * claim, and the reservations are kept in the station's database (schema.ts).
 */
export const reservation = defineProfile<Reservations>({
  name: "Reservation",
  isFeatureProfile: true,
  keys: reservationKeys,
  create: ({ clock, configuration, log, core, database }) => new Reservations({ clock, configuration, log, core, store: new ReservationRepo(database) }),
  handlers: [reserveNow, cancelReservation],
  hooks: (reservations) => ({
    connectorClaims: reservations,
    transactionObserver: { started: (tx) => reservations.transactionStarted(tx) },
  }),
  // Stopped, the stored ones are shown as they are: the next start drops those whose expiry has passed.
  diagnostics: {
    live: (reservations) => reservationDiagnostics(reservations.list),
    stored: (database) => reservationDiagnostics(new ReservationRepo(database).load()),
  },
  start: (reservations) => reservations.start(),
  stop: (reservations) => reservations.stop(),
});

/** Two lines each, within 80 columns: id, connector (0: any) and expiry; then idTag and group. */
export function reservationDiagnostics(reservations: readonly Reservation[]): ProfileDiagnostics {
  const lines = reservations.flatMap((r) => [
    `id ${r.reservationId}, ${r.connectorId === 0 ? "any connector" : `connector ${r.connectorId}`}, until ${r.expiryDate.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z")}`,
    `  idTag ${r.idTag}${r.parentIdTag === undefined ? "" : `, group ${r.parentIdTag}`}`,
  ]);
  const data = reservations.map(({ reservationId, connectorId, idTag, parentIdTag, expiryDate }) => ({
    reservationId,
    connectorId,
    idTag,
    ...(parentIdTag === undefined ? {} : { parentIdTag }),
    expiryDate: expiryDate.toISOString(),
  }));
  return { title: "Reservations", lines: lines.length > 0 ? lines : ["none"], data: { reservations: data } };
}
