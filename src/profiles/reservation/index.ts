import { defineProfile } from "../profile.ts";
import { cancelReservation } from "./handlers/cancel-reservation.ts";
import { reserveNow } from "./handlers/reserve-now.ts";
import { reservationKeys } from "./keys.ts";
import type { Reservation } from "./reservation-book.ts";
import { ReservationRepo } from "./reservation-repo.ts";
import { Reservations } from "./reservations.ts";

export type { Reservation } from "./reservation-book.ts";
export { ReservationRepo } from "./reservation-repo.ts";

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
  start: (reservations) => reservations.start(),
  stop: (reservations) => reservations.stop(),
});

/** The reservations of a built station's services (BuiltStation.services), for diag; none without this profile. */
export function reservationsOf(services: ReadonlyMap<string, unknown>): readonly Reservation[] {
  const service = services.get(reservation.name);
  return service instanceof Reservations ? service.list : [];
}
