import { eq } from "drizzle-orm";
import { inStore, type StoreDb } from "../../store/db.ts";
import type { Reservation, ReservationStore } from "./reservation-book.ts";
import { reservation } from "./schema.ts";

/** The reservations in the station's database (the profile's own table), for the service and for diag. */
export class ReservationRepo implements ReservationStore {
  constructor(private readonly db: StoreDb) {}

  load(): Reservation[] {
    const rows = inStore(this.db, "reading reservations", () => this.db.select().from(reservation).all());
    return rows.map(({ parentIdTag, ...row }) => (parentIdTag === null ? row : { ...row, parentIdTag }));
  }

  save(made: Reservation): void {
    const values = { connectorId: made.connectorId, idTag: made.idTag, parentIdTag: made.parentIdTag ?? null, expiryDate: made.expiryDate };
    inStore(this.db, `saving reservation ${made.reservationId}`, () =>
      this.db
        .insert(reservation)
        .values({ reservationId: made.reservationId, ...values })
        .onConflictDoUpdate({ target: reservation.reservationId, set: values })
        .run(),
    );
  }

  remove(reservationId: number): void {
    inStore(this.db, `removing reservation ${reservationId}`, () => this.db.delete(reservation).where(eq(reservation.reservationId, reservationId)).run());
  }
}
