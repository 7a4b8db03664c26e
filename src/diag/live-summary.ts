import type { ConnectorDiagnostics, Hardware } from "../../drivers/index.ts";
import type { StationConfig } from "../config/schema.ts";
import type { LinkStatus } from "../ocpp/transport.ts";
import type { ProfileDiagnostics } from "../profiles/profile.ts";
import type { Configuration } from "../station/configuration/configuration.ts";
import type { OpenTransaction } from "../station/ports.ts";
import type { Station } from "../station/station.ts";
import type { DiagnosticsRepo, RunRow } from "../store/diagnostics-repo.ts";
import { buildCommit, firmwareVersion } from "../version.ts";
import type { ConnectorReport, RunReport, SummaryFacts, TransactionReport } from "./diag-report.ts";
import { isoOrNull, secondsBetween } from "./durations.ts";

/** What the running station shows to diag; built once per start in cli/run.ts. */
export type LiveSources = {
  config: StationConfig;
  /** This run's record and the one before it. */
  run: { startedAt: Date; previous: RunRow | undefined };
  clock: { now(): Date; readonly adjustmentMs: number | null };
  link: { readonly status: LinkStatus };
  station: Station;
  hardware: Hardware;
  configuration: Configuration;
  repo: DiagnosticsRepo;
  /** Each profile's part of the summary, from its running service. */
  profiles(): Record<string, ProfileDiagnostics>;
};

/** The summary from the running objects: nothing is sent, switched or written. */
export function liveSummary(sources: LiveSources): SummaryFacts {
  const { config, run, clock, link, station, hardware, repo } = sources;
  const now = clock.now();
  const hw = hardware.diagnostics();
  const status = link.status;
  const queue = repo.queueStats();
  return {
    running: true,
    since: run.startedAt.toISOString(),
    version: firmwareVersion,
    build: buildCommit,
    chargePointId: config.chargePointId,
    // The run's start was taken from the system clock, before the Central System could set it.
    uptimeSec: secondsBetween(run.startedAt, new Date()),
    centralSystem: {
      url: status.url,
      securityProfile: sources.configuration.integer("SecurityProfile"),
      lastConnectedAt: isoOrNull(status.lastConnectedAt),
      lastDisconnectedAt: isoOrNull(status.lastDisconnectedAt),
      lastError: status.lastError ? { kind: status.lastError.kind, message: status.lastError.message, at: status.lastError.at.toISOString() } : null,
      retryAt: isoOrNull(status.retryAt),
    },
    connection: status.state,
    registration: station.registration.status,
    clock: { now: now.toISOString(), source: clock.adjustmentMs === null ? "system" : "centralSystem", offsetMs: clock.adjustmentMs },
    connectors: [stationConnector(sources), ...hw.connectors.map((parts) => liveConnector(sources, parts, now))],
    queue: { pending: queue.pending, oldestAgeSec: queue.oldestCreatedAt ? secondsBetween(queue.oldestCreatedAt, now) : null },
    board: { kind: hw.board, isConnected: hw.isBoardConnected, reader: hw.reader },
    lastRun: run.previous ? runReport(run.previous) : null,
    profiles: sources.profiles(),
  };
}

export function runReport(run: RunRow): RunReport {
  return { version: run.version, startedAt: run.startedAt.toISOString(), stoppedAt: isoOrNull(run.stoppedAt), stopReason: run.stopReason };
}

/** A transaction's fields as LAB-INTERFACE puts them on its connector, with the details beside. */
export function transactionFields(
  tx: Pick<OpenTransaction, "localTxId" | "idTag" | "startedAt" | "meterStartWh">,
  transactionId: number | null,
  meterWh: number,
  now: Date,
): Pick<ConnectorReport, "transactionId" | "idTag" | "transaction"> {
  const transaction: TransactionReport = {
    localTxId: tx.localTxId,
    transactionId,
    idTag: tx.idTag,
    startedAt: tx.startedAt.toISOString(),
    durationSec: secondsBetween(tx.startedAt, now),
    meterStartWh: tx.meterStartWh,
    energyWh: Math.max(0, Math.round(meterWh - tx.meterStartWh)),
  };
  return { transactionId, idTag: tx.idTag, transaction };
}

function stationConnector({ station }: LiveSources): ConnectorReport {
  const report = station.statuses.current(0);
  return {
    id: 0,
    status: report?.status ?? "Unavailable",
    errorCode: report?.errorCode ?? "NoError",
    ...(report?.info ? { info: report.info } : {}),
    availability: station.availability.effective(0),
  };
}

function liveConnector({ station, repo }: LiveSources, parts: ConnectorDiagnostics, now: Date): ConnectorReport {
  const id = parts.connectorId;
  const report = station.statuses.current(id);
  const phase = station.sessions.connector(id)?.phase;
  const tx = phase?.kind === "transaction" ? phase.tx : undefined;
  const feedback = parts.contactor?.isFeedbackClosed ?? null;
  return {
    id,
    status: report?.status ?? "Unavailable",
    errorCode: report?.errorCode ?? "NoError",
    ...(report?.info ? { info: report.info } : {}),
    availability: station.availability.effective(id),
    pilotState: parts.pilotState,
    pilotVolts: parts.pilotVolts === null ? null : Math.round(parts.pilotVolts * 10) / 10,
    contactor: { commanded: parts.contactor?.isCommandedClosed ? "closed" : "open", feedback: feedback === null ? null : feedback ? "closed" : "open" },
    offeredA: parts.offeredA,
    meterWh: Math.round(parts.meter.energyWh),
    powerW: Math.round(parts.meter.powerW),
    ...(tx ? transactionFields(tx, repo.transactionIdOf(tx.localTxId) ?? tx.transactionId ?? null, parts.meter.energyWh, now) : {}),
  };
}
