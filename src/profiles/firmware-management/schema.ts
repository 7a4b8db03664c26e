import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * The firmware update (SPEC-DIGEST §11.1): one row (id 1), the latest UpdateFirmware and where it
 * stands, so that a retrieveDate in the future, a download, a downloaded image waiting for the
 * transactions to end, and the outcome survive restarts and power losses.
 */
export const firmwareUpdate = sqliteTable("firmware_update", {
  id: integer("id").primaryKey(),
  /** As received; may hold user:password@, so it is never logged or shown. */
  location: text("location").notNull(),
  retrieveDate: integer("retrieve_date", { mode: "timestamp_ms" }).notNull(),
  retries: integer("retries").notNull(),
  retryIntervalSec: integer("retry_interval_sec").notNull(),
  /** scheduled | downloading | downloaded | installing | finished */
  stage: text("stage").notNull(),
  failedAttempts: integer("failed_attempts").notNull(),
  /** The next download attempt (retrieveDate, then after each failed one). */
  nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
  /** The last FirmwareStatusNotification queued for this update. */
  lastStatus: text("last_status"),
  /** `<version> (<build>)` the downloaded image answered to --version. */
  imageVersion: text("image_version"),
  /** `<version> (<build>)` of the executable the install replaces (kept beside it as <name>.previous). */
  fromVersion: text("from_version"),
  /** Installed, DownloadFailed, InstallationFailed, InstallVerificationFailed or InvalidSignature once finished; why it failed. */
  outcome: text("outcome"),
  reason: text("reason"),
  requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  /** A signed update (SignedUpdateFirmware, §17.7) has its requestId, signing certificate and signature; a legacy one none of them. */
  requestId: integer("request_id"),
  signingCertificate: text("signing_certificate"),
  signature: text("signature"),
  /** installDateTime of a signed update: a verified image waits for it. */
  installAt: integer("install_at", { mode: "timestamp_ms" }),
});

/** The diagnostics upload (SPEC-DIGEST §11.2): one row (id 1), the latest GetDiagnostics and where it stands. */
export const diagnosticsUpload = sqliteTable("diagnostics_upload", {
  id: integer("id").primaryKey(),
  fileName: text("file_name").notNull(),
  /** Uploading | Uploaded | UploadFailed */
  status: text("status").notNull(),
  reason: text("reason"),
  requestedAt: integer("requested_at", { mode: "timestamp_ms" }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});
