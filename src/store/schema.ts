import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** OCPP configuration values changed by the Central System; they win over station.json on every start. */
export const configuration = sqliteTable("configuration", {
  key: text("key").primaryKey(),
  value: text("value").notNull(),
  changedAt: integer("changed_at", { mode: "timestamp_ms" }).notNull(),
});

/** Messages for the Central System that must survive power and network loss, in delivery order. */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  action: text("action").notNull(),
  payload: text("payload", { mode: "json" }).notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  attempts: integer("attempts").notNull().default(0),
});

/** One row per start of the firmware: how long it ran and how it stopped (null = power loss or crash). */
export const processRun = sqliteTable("process_run", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  version: text("version").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  stoppedAt: integer("stopped_at", { mode: "timestamp_ms" }),
  stopReason: text("stop_reason"),
});
