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
  /** The transaction a message belongs to: its transactionId is filled in when the message is sent. */
  localTxId: integer("local_tx_id"),
});

/** One row per start of the firmware: how long it ran and how it stopped (null = power loss or crash). */
export const processRun = sqliteTable("process_run", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  version: text("version").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  stoppedAt: integer("stopped_at", { mode: "timestamp_ms" }),
  stopReason: text("stop_reason"),
});

/** Every transaction this station started, from before its StartTransaction is sent until it is stopped. */
export const transaction = sqliteTable("transaction", {
  localTxId: integer("local_tx_id").primaryKey({ autoIncrement: true }),
  connectorId: integer("connector_id").notNull(),
  idTag: text("id_tag").notNull(),
  parentIdTag: text("parent_id_tag"),
  reservationId: integer("reservation_id"),
  meterStartWh: integer("meter_start_wh").notNull(),
  startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
  /** The Central System's id, once StartTransaction.conf arrived. */
  transactionId: integer("transaction_id"),
  /** The last register reading and its time, kept so a power loss can still be billed. */
  lastMeterWh: integer("last_meter_wh").notNull(),
  lastMeterAt: integer("last_meter_at", { mode: "timestamp_ms" }).notNull(),
  stoppedAt: integer("stopped_at", { mode: "timestamp_ms" }),
  stopReason: text("stop_reason"),
  meterStopWh: integer("meter_stop_wh"),
});

/** Per connector (0 = the station): ChangeAvailability survives reboots (C§5.2). */
export const connectorState = sqliteTable("connector_state", {
  connectorId: integer("connector_id").primaryKey(),
  availability: text("availability").notNull(),
  /** An Inoperative/Operative that waits for the running transaction to end (Scheduled). */
  scheduledAvailability: text("scheduled_availability"),
});

/** Authorization cache (C§3.5.1): the last idTagInfo seen for each idTag. */
export const authCache = sqliteTable("auth_cache", {
  /** Upper-cased: IdToken is case-insensitive (§3). */
  idTag: text("id_tag").primaryKey(),
  status: text("status").notNull(),
  expiryDate: integer("expiry_date", { mode: "timestamp_ms" }),
  parentIdTag: text("parent_id_tag"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** Each connector's energy meter register, monotonic across restarts. */
export const energyRegister = sqliteTable("energy_register", {
  connectorId: integer("connector_id").primaryKey(),
  energyWh: integer("energy_wh").notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
