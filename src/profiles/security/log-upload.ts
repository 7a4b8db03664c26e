import type { GetLogRequest, GetLogResponse } from "../../messages/get-log.ts";
import type { LogStatusNotificationRequest, UploadLogStatus } from "../../messages/log-status-notification.ts";
import { redactSecrets } from "../../log/redact-secrets.ts";
import type { Clock, Log, Outbox } from "../../station/ports.ts";
import { uploadFile, uploadLocationProblem, type Upload, type UploadFailure, type UploadOutcome } from "../../transfer/upload.ts";
import type { SecurityStateRepo } from "./security-state-repo.ts";
import { type SecurityLog, securityLogLine } from "./security-log.ts";

type Options = {
  clock: Clock;
  log: Log;
  events: SecurityLog;
  state: SecurityStateRepo;
  /** The station's own log as text (DiagnosticsLog). */
  stationLog(): string;
  /** The durable queue for LogStatusNotification (written in the commit that records the upload's state), and its wake-up. */
  outbox: Pick<Outbox, "append">;
  queued(): void;
  upload?: (upload: Upload) => Promise<UploadOutcome>;
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
    const problem = uploadLocationProblem(req.log.remoteLocation);
    if (problem?.kind === "badLocation") {
      this.options.log.warn("GetLog refused", { requestId: req.requestId, reason: problem.reason });
      return { answer: { status: "Rejected" } };
    }
    const isCancelling = this.running !== undefined;
    this.running?.abort.abort();
    const running: Running = { requestId: req.requestId, status: "Uploading", abort: new AbortController() };
    this.running = running;
    const fileName = this.fileName(req);
    const answer: GetLogResponse = { status: isCancelling ? "AcceptedCanceled" : "Accepted", filename: fileName };
    return { answer, upload: () => this.run(running, req, fileName, problem) };
  }

  /** ExtendedTriggerMessage(LogStatusNotification): where the upload stands, or Idle without a requestId. */
  status(): LogStatusNotificationRequest {
    return this.running ? { status: this.running.status, requestId: this.running.requestId } : { status: "Idle" };
  }

  stop(): void {
    this.running?.abort.abort();
  }

  private async run(running: Running, req: GetLogRequest, fileName: string, problem: UploadFailure | undefined): Promise<void> {
    this.notify("Uploading", running.requestId, "running");
    // Made once the server takes a connection: a GetLog to a server that is not there never reads the log.
    let made: Uint8Array | undefined;
    const body = () => (made ??= new TextEncoder().encode(this.contents(req)));
    const attempts = 1 + Math.max(0, req.retries ?? 0);
    let outcome: UploadOutcome = problem ? { ok: false, ...problem } : { ok: false, kind: "failed", reason: "not tried" };
    for (let attempt = 1; !problem && attempt <= attempts; attempt += 1) {
      outcome = await (this.options.upload ?? uploadFile)({ location: req.log.remoteLocation, fileName, body, signal: running.abort.signal });
      if (outcome.ok || running.abort.signal.aborted || outcome.kind !== "failed" || attempt === attempts) break;
      await this.wait((req.retryInterval ?? defaultRetryIntervalSec) * 1000, running.abort.signal);
    }
    // A cancelled upload says nothing more: the request that cancelled it reports from here on.
    if (running.abort.signal.aborted) return;
    this.running = undefined;
    const status = outcome.ok ? "Uploaded" : statusOf(outcome.kind);
    this.options.log[outcome.ok ? "info" : "warn"]("log upload ended", { requestId: running.requestId, status, ...(outcome.ok ? {} : { reason: outcome.reason }) });
    this.notify(status, running.requestId, "ended");
  }

  private contents(req: GetLogRequest): string {
    const oldest = req.log.oldestTimestamp ? new Date(req.log.oldestTimestamp) : undefined;
    const latest = req.log.latestTimestamp ? new Date(req.log.latestTimestamp) : undefined;
    const header = `# CSC-22B7 ${req.logType}, made ${this.options.clock.now().toISOString()}${oldest ? ` from ${oldest.toISOString()}` : ""}${latest ? ` until ${latest.toISOString()}` : ""}`;
    const records =
      req.logType === "SecurityLog"
        ? this.options.events.between(oldest, latest).map(securityLogLine)
        : logRecords(this.options.stationLog()).filter((record) => isWithin(record, oldest, latest));
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

function statusOf(kind: UploadFailure["kind"]): UploadLogStatus {
  return kind === "permissionDenied" ? "PermissionDenied" : kind === "notSupported" ? "NotSupportedOperation" : kind === "badLocation" ? "BadMessage" : "UploadFailure";
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
