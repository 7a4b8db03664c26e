import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { DiagnosticsStatus } from "../../messages/diagnostics-status-notification.ts";
import type { GetDiagnosticsRequest } from "../../messages/get-diagnostics.ts";
import { errorText } from "../../log/logger.ts";
import { uploadFile } from "../../transfer/file-transfer.ts";
import { asTransferFailure } from "../../transfer/transfer-failure.ts";
import { hideCredentials } from "../../transfer/transfer-location.ts";
import type { ProfileContext } from "../profile.ts";
import { writeDiagnosticsArchive } from "./diagnostics-archive.ts";
import type { FirmwareRepo, UploadRecord } from "./firmware-repo.ts";
import { firmwareDir } from "./install-journal.ts";
import { type TransferSettings, transferSettings } from "./transfer-settings.ts";
import { retryPlan } from "./update-request.ts";

/**
 * GetDiagnostics (SPEC-DIGEST §11.2): one file, named in the answer, uploaded once the answer has
 * left: HTTP PUT to `<location>/<fileName>` or FTP STOR into the directory, with retries
 * (E3.50: re-tries). Uploading, then Uploaded or UploadFailed, through the durable queue. A new
 * GetDiagnostics replaces an upload under way.
 */
export class DiagnosticsUpload {
  private current: UploadRecord | undefined;
  private running: AbortController | undefined;
  /** Each upload's work files are its own, whatever its file name (two requests in one second share one). */
  private uploads = 0;

  constructor(private readonly context: ProfileContext, private readonly repo: FirmwareRepo, private readonly settings: TransferSettings = transferSettings) {
    this.current = repo.upload();
  }

  get record(): UploadRecord | undefined {
    return this.current;
  }

  /** §11.2, §15: Uploading while an upload runs, else Idle. */
  get status(): "Idle" | "Uploading" {
    return this.current?.status === "Uploading" && this.running ? "Uploading" : "Idle";
  }

  /** An upload a restart cut off cannot be resumed: the Central System hears it failed. */
  start(): void {
    if (this.current?.status === "Uploading") this.finish("UploadFailed", "the station restarted during the upload");
  }

  stop(): void {
    this.running?.abort();
  }

  /** The file name for the answer (§11.2: always one; the station always has a log and its reports). */
  fileNameFor(now: Date): string {
    return `csc22b7-diagnostics-${now.toISOString().replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}.tar.gz`;
  }

  async upload(fileName: string, request: GetDiagnosticsRequest): Promise<void> {
    const { clock, log } = this.context;
    this.running?.abort();
    const running = new AbortController();
    this.running = running;
    const now = clock.now();
    this.current = { fileName, status: "Uploading", reason: null, requestedAt: now, updatedAt: now };
    this.notify("Uploading");
    const dir = join(firmwareDir(this.context.host.dataDir), "diagnostics");
    const archive = join(dir, `${++this.uploads}-${fileName}`);
    try {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const built = await this.build(archive, request, running.signal);
      if (running.signal.aborted) return;
      log.info("diagnostics file built", { fileName, logLines: built.logLines });
      const failure = await this.send(fileName, archive, request, running.signal);
      if (running.signal.aborted) return;
      if (failure) this.finish("UploadFailed", failure);
      else this.finish("Uploaded");
    } catch (error) {
      if (!running.signal.aborted) this.finish("UploadFailed", `the diagnostics file could not be built: ${errorText(error)}`);
    } finally {
      rmSync(archive, { force: true });
      rmSync(`${archive}.log`, { force: true });
      if (this.running === running) this.running = undefined;
    }
  }

  private async build(archive: string, request: GetDiagnosticsRequest, signal: AbortSignal) {
    const { host, clock } = this.context;
    const window = { from: request.startTime ? new Date(request.startTime) : undefined, to: request.stopTime ? new Date(request.stopTime) : undefined };
    return writeDiagnosticsArchive(archive, `${archive}.log`, { logFiles: host.logFiles, reports: await host.reports(), window, createdAt: clock.now(), signal });
  }

  /** Every attempt the request allows; the reason of the last failure, or undefined once uploaded. */
  private async send(fileName: string, archive: string, request: GetDiagnosticsRequest, signal: AbortSignal): Promise<string | undefined> {
    const { log, host } = this.context;
    const { retries, retryIntervalSec } = retryPlan(request);
    const attempts = 1 + retries;
    const intervalMs = retryIntervalSec * 1000;
    let reason = "";
    for (let attempt = 1; attempt <= attempts && !signal.aborted; attempt++) {
      try {
        await uploadFile(request.location, fileName, archive, { ...this.settings.options, caPems: host.transferCaPems, signal });
        log.info("diagnostics uploaded", { fileName, location: hideCredentials(request.location) });
        return undefined;
      } catch (error) {
        reason = asTransferFailure(error, "upload").message;
        log.warn("diagnostics upload failed", { fileName, location: hideCredentials(request.location), attempt, of: attempts, reason });
        if (attempt < attempts) await this.wait(intervalMs, signal);
      }
    }
    return reason;
  }

  private wait(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.context.clock.after(ms, resolve);
      signal.addEventListener("abort", () => {
        cancel();
        resolve();
      });
    });
  }

  private finish(status: "Uploaded" | "UploadFailed", reason?: string): void {
    if (this.current) this.current = { ...this.current, reason: reason ?? null };
    this.notify(status);
    if (status === "UploadFailed") this.context.log.error("diagnostics upload failed", { fileName: this.current?.fileName, reason });
  }

  private notify(status: Exclude<DiagnosticsStatus, "Idle">): void {
    const { core, log, clock } = this.context;
    try {
      core.enqueue({ action: "DiagnosticsStatusNotification", payload: { status } });
    } catch (error) {
      log.error("DiagnosticsStatusNotification could not be queued", { status, error: errorText(error) });
    }
    if (!this.current) return;
    this.current = { ...this.current, status, updatedAt: clock.now() };
    try {
      this.repo.saveUpload(this.current);
    } catch (error) {
      log.error("diagnostics upload could not be stored", { error: errorText(error) });
    }
  }
}
