import type { StationConfig } from "../config/schema.ts";
import type { ProfileDiagnostics } from "../profiles/profile.ts";
import { stationUrl, type SecurityProfile } from "../ocpp/connection-target.ts";
import type { Availability } from "../station/ports.ts";
import type { DiagnosticsRepo, TransactionRow } from "../store/diagnostics-repo.ts";
import { buildCommit, firmwareVersion } from "../version.ts";
import type { ConnectorReport, SummaryFacts } from "./diag-report.ts";
import { secondsBetween } from "./durations.ts";
import { runReport, transactionFields } from "./live-summary.ts";

/** What the summary reads from the database. */
export type StoredData = Pick<DiagnosticsRepo, "lastRuns" | "queueStats" | "energyRegisters" | "openTransactions" | "lastWriteAt">;

/** Before the first start there is no database: nothing ran, nothing is queued. */
export const nothingInStore: StoredData = {
  lastRuns: () => [],
  queueStats: () => ({ pending: 0, oldestCreatedAt: null }),
  energyRegisters: () => new Map(),
  openTransactions: () => [],
  lastWriteAt: () => null,
};

export type StoredSources = {
  config: StationConfig;
  repo: StoredData;
  availability: Map<number, { availability: Availability }>;
  /** The effective SecurityProfile: the Central System may have raised it since station.json was written. */
  securityProfile: number;
  /** The last time anything was logged, when the log file exists. */
  lastLoggedAt: Date | null;
  /** Each profile's part of the summary, as its tables hold it. */
  profiles: Record<string, ProfileDiagnostics>;
  now: Date;
};

/**
 * The summary of a station that is not running, from its database: how and when the last run
 * ended, what waits in the queue, and the transactions a power loss interrupted (the next start
 * stops them with reason PowerLoss). No connector can charge, so each is reported Unavailable.
 */
export function storedSummary(sources: StoredSources): SummaryFacts {
  const { config, repo, now } = sources;
  const lastRun = repo.lastRuns(1)[0];
  const queue = repo.queueStats();
  return {
    running: false,
    since: (lastRun?.stoppedAt ?? lastSignOfLife(sources))?.toISOString() ?? null,
    version: firmwareVersion,
    build: buildCommit,
    chargePointId: config.chargePointId,
    uptimeSec: null,
    centralSystem: {
      url: stationUrl(config.centralSystem.url, config.chargePointId, sources.securityProfile as SecurityProfile),
      securityProfile: sources.securityProfile,
      lastConnectedAt: null,
      lastDisconnectedAt: null,
      lastError: null,
      retryAt: null,
    },
    connection: "offline",
    registration: "Unknown",
    clock: { now: now.toISOString(), source: "system", offsetMs: null },
    connectors: storedConnectors(sources),
    queue: { pending: queue.pending, oldestAgeSec: queue.oldestCreatedAt ? secondsBetween(queue.oldestCreatedAt, now) : null },
    board: { kind: config.hardware.board, isConnected: null, reader: config.hardware.reader.type },
    lastRun: lastRun ? runReport(lastRun) : null,
    profiles: sources.profiles,
  };
}

function storedConnectors({ config, repo, availability }: StoredSources): ConnectorReport[] {
  const registers = repo.energyRegisters();
  const open = new Map<number, TransactionRow>(repo.openTransactions().map((tx) => [tx.connectorId, tx]));
  const stationAvailability = availability.get(0)?.availability ?? "Operative";
  const station: ConnectorReport = { id: 0, status: "Unavailable", errorCode: "NoError", info: "station not running", availability: stationAvailability };
  const connectors = Object.keys(config.hardware.connectors).map(Number).map((id): ConnectorReport => {
    const tx = open.get(id);
    const meterWh = Math.max(registers.get(id) ?? 0, tx?.lastMeterWh ?? 0);
    return {
      id,
      status: "Unavailable",
      errorCode: "NoError",
      info: "station not running",
      availability: availability.get(id)?.availability ?? stationAvailability,
      meterWh,
      ...(tx ? transactionFields(tx, tx.transactionId, tx.lastMeterWh, tx.lastMeterAt) : {}),
    };
  });
  return [station, ...connectors];
}

/** After a power loss or crash the stop time is unknown: the last line logged or row written is the best guess. */
function lastSignOfLife({ repo, lastLoggedAt }: StoredSources): Date | null {
  const times = [repo.lastWriteAt(), lastLoggedAt].filter((at): at is Date => at !== null);
  return times.length === 0 ? null : new Date(Math.max(...times.map((at) => at.getTime())));
}
