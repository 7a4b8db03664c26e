import type { DiagnosticsRepo } from "../store/diagnostics-repo.ts";
import { maxListedMessages } from "./diag-request.ts";
import type { QueueReport } from "./diag-report.ts";
import { secondsBetween } from "./durations.ts";

/** The outbox, oldest first, ages taken at `now` (the station's clock while it runs). */
export function queueReport(repo: DiagnosticsRepo, now: Date, isRunning: boolean): QueueReport {
  const { pending } = repo.queueStats();
  const messages = repo.queued(maxListedMessages).map((row) => ({
    seq: row.seq,
    action: row.action,
    connectorId: row.connectorId,
    localTxId: row.localTxId,
    transactionId: row.transactionId,
    attempts: row.attempts,
    createdAt: row.createdAt.toISOString(),
    ageSec: secondsBetween(row.createdAt, now),
  }));
  return { running: isRunning, pending, messages };
}
