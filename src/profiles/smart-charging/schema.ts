import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import type { ChargingProfile } from "../../messages/charging-profile.ts";

/**
 * The installed charging profiles (SPEC-DIGEST §14): they survive restarts and power losses (E3.37).
 * A TxProfile names the transaction it belongs to and is deleted with it.
 */
export const chargingProfiles = sqliteTable("charging_profiles", {
  chargingProfileId: integer("charging_profile_id").primaryKey(),
  connectorId: integer("connector_id").notNull(),
  purpose: text("purpose").notNull(),
  stackLevel: integer("stack_level").notNull(),
  /** Our id of the transaction a TxProfile belongs to; null for the other purposes. */
  localTxId: integer("local_tx_id"),
  /** As the Central System sent it. */
  profile: text("profile", { mode: "json" }).notNull().$type<ChargingProfile>(),
});
