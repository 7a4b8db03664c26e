import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { GetLogRequest, GetLogResponse } from "../../messages/get-log.ts";
import type { LogStatusNotificationRequest, UploadLogStatus } from "../../messages/log-status-notification.ts";
import { readLogFiles } from "../../log/log-file.ts";
import { redactSecrets } from "../../log/redact-secrets.ts";
import type { Clock, Log, Outbox } from "../../station/ports.ts";
import { transferTimeouts, uploadFile } from "../../transfer/file-transfer.ts";
import { asTransferFailure, type TransferFailureKind } from "../../transfer/transfer-failure.ts";
import { hideCredentials, parseLocation } from "../../transfer/transfer-location.ts";
import type { SecurityStateRepo } from "./security-state-repo.ts";
import { type SecurityLog, securityLogLine } from "./security-log.ts";

type Options = {
  clock: Clock;
  log: Log;
  events: SecurityLog;
  state: SecurityStateRepo;
  /** The station's own log files, oldest first (DiagnosticsLog). */
  logFiles: readonly string[];
  /** The durable queue for LogStatusNotification (written in the commit that records the upload's state), and its wake-up. */
  outbox: Pick<Outbox, "append">;
  queued(): void;
  /** Where the file is made for its upload (removed afterwards), and the CA certificates https:// trusts. */
  workDir: string;
  caPems: readonly string[];
  /** The station's one upload path (src/transfer); a test answers in its place. */
  upload?: typeof uploadFile;
};

type Running = { requestId: number; status: UploadLogStatus; abort: AbortController };

/** When GetLog gives no retryInterval: the wait between upload attempts. */
const defaultRetryIntervalSec = 30;
const logLineTime = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)\s/;

/**
 * GetLog and LogStatusNotification (§17.6, N01): one upload at a time of the security log or the
 * station's own log, Uploading then Uploaded or the most precise failure, each with the requestId,
 * through the durable queue. A second request cancels the first (AcceptedCanceled). An upload a power
 * cut interrupted is reported UploadFailure after the next start.
 */
export class LogUpload {
  private running: Running | undefined;

  constructor(private readonly options: Options) {}

  /** At start: an upload the last run did not finish. */
  recoverInterrupted(): void {
    const requestId = this.options.state.get("logUpload");
    if (requestId === undefined) return;
    this.notify("UploadFailure", Number(requestId), "ended");
  }

  /** The GetLog answer, and the upload to run once it has left. */
  request(req: GetLogRequest): { answer: GetLogResponse; upload?: () => Promise<void> } {
    if (!URL.canParse(req.log.remoteLocation)) {
      this.options.log.warn("GetLog refused: the location is no URL", { requestId: req.requestId, location: hideCredentials(req.log.remoteLocation) });
      return { answer: { status: "Rejected" } };
    }
    const isCancelling = this.running !== undefined;
    this.running?.abort.abort();
    const running: Running = { requestId: req.requestId, status: "Uploading", abort: new AbortController() };
    this.running = running;
    const fileName = this.fileName(req);
    const answer: GetLogResponse = { status: isCancelling ? "AcceptedCanceled" : "Accepted", filename: fileName };
    return { answer, upload: () => this.run(running, req, fileName) };
  }

  /** ExtendedTriggerMessage(LogStatusNotification): where the upload stands, or Idle without a requestId. */
  status(): LogStatusNotificationRequest {
    return this.running ? { status: this.running.status, requestId: this.running.requestId } : { status: "Idle" };
  }

  stop(): void {
    this.running?.abort.abort();
  }

  private async run(running: Running, req: GetLogRequest, fileName: string): Promise<void> {
    this.notify("Uploading", running.requestId, "running");
    const { workDir, caPems, upload = uploadFile } = this.options;
    const path = join(workDir, `${running.requestId}-${fileName}`);
    // Made once the server takes a connection: a GetLog to a server that is not there never reads the log.
    let isMade = false;
    const file = () => {
      if (!isMade) {
        mkdirSync(workDir, { recursive: true, mode: 0o700 });
        writeFileSync(path, this.contents(req), { mode: 0o600 });
        isMade = true;
      }
      return path;
    };
    const attempts = 1 + Math.max(0, req.retries ?? 0);
    const location = parseLocation(req.log.remoteLocation);
    let failure: { kind: TransferFailureKind; message: string } | undefined = location.ok ? undefined : { kind: "unsupported", message: location.reason };
    try {
      for (let attempt = 1; location.ok && attempt <= attempts; attempt += 1) {
        if (attempt > 1) await this.wait((req.retryInterval ?? defaultRetryIntervalSec) * 1000, running.abort.signal);
        if (running.abort.signal.aborted) break;
        try {
          await upload(req.log.remoteLocation, fileName, file, { ...transferTimeouts, caPems, signal: running.abort.signal });
          failure = undefined;
          break;
        } catch (error) {
          failure = asTransferFailure(error, "upload");
          if (!isWorthRetrying(failure.kind)) break;
        }
      }
    } finally {
      rmSync(path, { force: true });
    }
    // A cancelled upload says nothing more: the request that cancelled it reports from here on.
    if (running.abort.signal.aborted) return;
    this.running = undefined;
    const status = failure ? statusOf(failure.kind) : "Uploaded";
    this.options.log[failure ? "warn" : "info"]("log upload ended", { requestId: running.requestId, status, ...(failure ? { reason: failure.message } : {}) });
    this.notify(status, running.requestId, "ended");
  }

  private contents(req: GetLogRequest): string {
    const oldest = req.log.oldestTimestamp ? new Date(req.log.oldestTimestamp) : undefined;
    const latest = req.log.latestTimestamp ? new Date(req.log.latestTimestamp) : undefined;
    const header = `# CSC-22B7 ${req.logType}, made ${this.options.clock.now().toISOString()}${oldest ? ` from ${oldest.toISOString()}` : ""}${latest ? ` until ${latest.toISOString()}` : ""}`;
    const records =
      req.logType === "SecurityLog"
        ? this.options.events.between(oldest, latest).map(securityLogLine)
        : logRecords(readLogFiles(this.options.logFiles)).filter((record) => isWithin(record, oldest, latest));
    // The station log is written redacted; records an older firmware wrote are redacted here as well (a PEM block whole).
    return `${[header, ...records].map(redactSecrets).join("\n")}\n`;
  }

  private fileName(req: GetLogRequest): string {
    const stamp = this.options.clock.now().toISOString().replace(/[-:]|\.\d+/g, "");
    return `csc22b7-${req.logType === "SecurityLog" ? "security" : "diagnostics"}-log-${req.requestId}-${stamp}.log`;
  }

  /** Queues the notification in the commit that records whether an upload runs (reported UploadFailure after a power cut). */
  private notify(status: UploadLogStatus, requestId: number, upload: "running" | "ended"): void {
    if (this.running && this.running.requestId === requestId) this.running.status = status;
    const message = { action: "LogStatusNotification" as const, payload: { status, requestId } };
    this.options.state.change("logUpload", upload === "running" ? String(requestId) : undefined, () => this.options.outbox.append(message, null));
    this.options.queued();
  }

  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.options.clock.after(ms, resolve);
      signal.addEventListener("abort", () => {
        cancel();
        resolve();
      });
    });
  }
}

/** N01.FR.10: the most precise failure. */
function statusOf(kind: TransferFailureKind): UploadLogStatus {
  return kind === "denied" ? "PermissionDenied" : kind === "unsupported" ? "NotSupportedOperation" : "UploadFailure";
}

/** Refused credentials and a protocol the station does not speak do not change by trying again. */
function isWorthRetrying(kind: TransferFailureKind): boolean {
  return kind !== "denied" && kind !== "unsupported" && kind !== "cancelled";
}

/** The station log's records: a line with its time and the lines after it that have none (a stack trace, a PEM block). */
function logRecords(text: string): string[] {
  const records: string[] = [];
  for (const line of text.split("\n")) {
    if (line === "") continue;
    if (logLineTime.test(line) || records.length === 0) records.push(line);
    else records[records.length - 1] += `\n${line}`;
  }
  return records;
}

/** A record is in the range by the time it starts with; one without a time (the file's first lines) is kept. */
function isWithin(record: string, oldest: Date | undefined, latest: Date | undefined): boolean {
  const time = logLineTime.exec(record)?.[1];
  if (time === undefined) return true;
  const at = new Date(time).getTime();
  return (oldest === undefined || at >= oldest.getTime()) && (latest === undefined || at <= latest.getTime());
}
