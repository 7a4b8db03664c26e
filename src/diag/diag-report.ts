/**
 * What `csc22b7 diag` reports, as printed by `--json`. The summary is a superset of the object
 * LAB-INTERFACE.md requires. Times are ISO strings, ages and durations whole seconds.
 */
import type { SelfTestItem } from "../../drivers/self-test.ts";
import type { LinkFailureKind } from "../ocpp/link-failure.ts";
import type { ChargePointErrorCode, ChargePointStatus } from "../messages/status-notification.ts";
import type { ProfileDiagnostics } from "../profiles/profile.ts";
import type { PilotState } from "../station/hardware-ports.ts";
import type { Availability } from "../station/ports.ts";

export type ConnectionState = "connected" | "connecting" | "offline";
export type RegistrationStatus = "Accepted" | "Pending" | "Rejected" | "Unknown";

/** A transaction as diag shows it; `transactionId` is null until the Central System has answered its StartTransaction. */
export type TransactionReport = {
  localTxId: number;
  transactionId: number | null;
  idTag: string;
  startedAt: string;
  durationSec: number;
  meterStartWh: number;
  energyWh: number;
};

export type ConnectorReport = {
  /** 0 = the station. */
  id: number;
  status: ChargePointStatus;
  errorCode: ChargePointErrorCode;
  info?: string;
  availability?: Availability;
  pilotState?: PilotState | null;
  pilotVolts?: number | null;
  /** What the firmware commands and what the auxiliary contact reports (null = no reading, board offline). */
  contactor?: { commanded: "closed" | "open"; feedback: "closed" | "open" | null };
  offeredA?: number | null;
  meterWh?: number;
  powerW?: number;
  /** LAB-INTERFACE: present only while a transaction runs on the connector. */
  transactionId?: number | null;
  idTag?: string;
  transaction?: TransactionReport;
};

export type LinkReport = {
  url: string;
  securityProfile: number;
  lastConnectedAt: string | null;
  lastDisconnectedAt: string | null;
  lastError: { kind: LinkFailureKind; message: string; at: string } | null;
  retryAt: string | null;
};

export type RunReport = { version: string; startedAt: string; stoppedAt: string | null; stopReason: string | null };

/**
 * `integrity` is SQLite's quick_check ("ok"), "missing" (never started) or what is wrong with the file;
 * `problems` is everything wrong with the store, the integrity among it (read-only, lost data, unreadable).
 */
export type StoreReport = { file: string; sizeBytes: number; integrity: string; problems: string[] };

export type Problem = { severity: "problem" | "notice"; message: string };

export type SummaryReport = {
  running: boolean;
  /** Running: when this run started. Not running: when the last run stopped, or the last sign of life after a crash. */
  since: string | null;
  version: string;
  build: string;
  chargePointId: string;
  uptimeSec: number | null;
  centralSystem: LinkReport;
  connection: ConnectionState;
  registration: RegistrationStatus;
  clock: { now: string; source: "centralSystem" | "system"; offsetMs: number | null };
  connectors: ConnectorReport[];
  queue: { pending: number; oldestAgeSec: number | null };
  board: { kind: "virtual" | "firmata"; isConnected: boolean | null; reader: string };
  /** The run before this one when running; the last run when not. */
  lastRun: RunReport | null;
  /** Each registered profile's part (the local list's version and size, reservations, …), by profile name. */
  profiles: Record<string, ProfileDiagnostics>;
  store: StoreReport;
  problems: Problem[];
  healthy: boolean;
};

/** The summary as the running station (or the database) knows it; the CLI adds store health and problems. */
export type SummaryFacts = Omit<SummaryReport, "store" | "problems" | "healthy">;

export type QueuedMessageReport = {
  seq: number;
  action: string;
  connectorId: number | null;
  localTxId: number | null;
  transactionId: number | null;
  attempts: number;
  createdAt: string;
  ageSec: number;
};

export type QueueReport = { running: boolean; pending: number; messages: QueuedMessageReport[] };

export type ConfigKeyReport = {
  key: string;
  /** null = not set; AuthorizationKey is never shown. */
  value: string | null;
  readonly: boolean;
  factory: string | null;
  isChanged: boolean;
  source: "factory" | "station.json" | "Central System";
};

export type ConfigReport = { running: boolean; keys: ConfigKeyReport[] };

export type SelfTestReport = { items: SelfTestItem[]; passed: boolean };

export type RfidReport = {
  idTag: string | null;
  waitedSec: number;
  detail: string;
  /** How the card would be authorized right now: local list, cache, Central System or an offline rule (§7.4). */
  authorization?: { source: string; status: string | null; wouldStart: boolean | null; detail: string };
};
