import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** The Local Authorization List (SPEC-DIGEST §12): only SendLocalList changes it. */
export const localAuthList = sqliteTable("local_auth_list", {
  /** Upper-cased: IdToken is case-insensitive (§3). */
  idTag: text("id_tag").primaryKey(),
  status: text("status").notNull(),
  /** As received (ISO 8601): an entry past it counts as Expired (§7.4). */
  expiryDate: text("expiry_date"),
  parentIdTag: text("parent_id_tag"),
});

/** One row: the version of the last update applied, written in the same commit as the entries. */
export const localAuthListVersion = sqliteTable("local_auth_list_version", {
  id: integer("id").primaryKey(),
  listVersion: integer("list_version").notNull(),
});
