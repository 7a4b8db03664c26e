import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Certificates installed on the station (SPEC-DIGEST §17.4): Central System and manufacturer roots
 * (InstallCertificate, or station.json's caFile), and the station's own certificates (CertificateSigned).
 * A root deleted by DeleteCertificate keeps its row with `deletedAt`, so that station.json's caFile
 * does not bring it back at the next start.
 */
export const certificate = sqliteTable("certificate", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** CentralSystemRootCertificate, ManufacturerRootCertificate or ChargePointCertificate. */
  type: text("type").notNull(),
  /** The certificate, PEM; a ChargePointCertificate is followed by its sub-CA certificates. */
  pem: text("pem").notNull(),
  /** SHA-256 of the DER certificate, hex: the same certificate installed twice is one row. */
  fingerprint: text("fingerprint").notNull(),
  /** `ocpp` (installed by the Central System) or `file` (station.json). */
  source: text("source").notNull(),
  subject: text("subject").notNull(),
  notBefore: integer("not_before", { mode: "timestamp_ms" }).notNull(),
  notAfter: integer("not_after", { mode: "timestamp_ms" }).notNull(),
  installedAt: integer("installed_at", { mode: "timestamp_ms" }).notNull(),
  deletedAt: integer("deleted_at", { mode: "timestamp_ms" }),
  /** A ChargePointCertificate's key pair, made on the station (charge_point_key). */
  keyId: integer("key_id"),
});

/**
 * Key pairs the station made for its own certificate (A02/A03). The private key is only ever read by
 * the TLS connection: never logged, shown, uploaded or sent. A key without a certificate waits for
 * the CertificateSigned of its CSR.
 */
export const chargePointKey = sqliteTable("charge_point_key", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  privateKeyPem: text("private_key_pem").notNull(),
  /** SPKI, PEM: how a CertificateSigned finds the key its certificate is for. */
  publicKeyPem: text("public_key_pem").notNull(),
  createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
});

/** The rolling security log (§17.5): every security event, critical or not; the oldest go first past a bound. */
export const securityEvent = sqliteTable("security_event", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  type: text("type").notNull(),
  at: integer("at", { mode: "timestamp_ms" }).notNull(),
  techInfo: text("tech_info"),
  isCritical: integer("is_critical", { mode: "boolean" }).notNull(),
});

/** Small durable facts of the security profile by name: an upgrade waiting for its first connection, an upload under way. */
export const securityState = sqliteTable("security_state", {
  name: text("name").primaryKey(),
  value: text("value").notNull(),
});
