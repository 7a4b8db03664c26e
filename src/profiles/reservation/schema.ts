import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** Reservations (SPEC-DIGEST §13): kept from ReserveNow until used, expired, cancelled or ended by a fault, across restarts and power loss. */
export const reservation = sqliteTable("reservation", {
  /** The Central System's id; a ReserveNow with the same id replaces the row. */
  reservationId: integer("reservation_id").primaryKey(),
  /** 0 = any connector of the station (ReserveConnectorZeroSupported). */
  connectorId: integer("connector_id").notNull(),
  idTag: text("id_tag").notNull(),
  parentIdTag: text("parent_id_tag"),
  expiryDate: integer("expiry_date", { mode: "timestamp_ms" }).notNull(),
});
