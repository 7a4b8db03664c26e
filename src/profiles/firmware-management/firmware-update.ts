import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { FirmwareStatus } from "../../messages/firmware-status-notification.ts";
import type { UpdateFirmwareRequest } from "../../messages/update-firmware.ts";
import { errorText } from "../../log/logger.ts";
import { downloadFile } from "../../transfer/file-transfer.ts";
import { asTransferFailure } from "../../transfer/transfer-failure.ts";
import { hideCredentials, parseLocation } from "../../transfer/transfer-location.ts";
import type { ProfileContext } from "../profile.ts";
import type { FirmwareRepo, UpdateOutcome, UpdateRecord, UpdateStage } from "./firmware-repo.ts";
import { FirmwareInstall } from "./firmware-install.ts";
import { prepareImage } from "./image-check.ts";
import { firmwareDir } from "./install-journal.ts";
import { afterFailedAttempt, currentFirmwareStatus, nextWaitMs, scheduledUpdate } from "./update-request.ts";
import { type TransferSettings, transferSettings } from "./transfer-settings.ts";

/** What the update reports and records: the install (firmware-install.ts) uses it too. */
export interface UpdateProgress {
  notify(status: FirmwareStatus): void;
  stage(stage: UpdateStage, changes?: Partial<UpdateRecord>): void;
  finish(outcome: UpdateOutcome, reason?: string): void;
  readonly record: UpdateRecord | undefined;
}

/**
 * UpdateFirmware (SPEC-DIGEST §11.1): waits for retrieveDate on the station's clock (kept in the
 * database, so a power cut does not lose it), downloads with retries, checks the image before anything
 * on disk changes, then hands it to the install. Every FirmwareStatusNotification goes through the
 * durable queue. [impl] A new UpdateFirmware replaces one not yet installing; during an install it is ignored.
 */
export class FirmwareUpdate implements UpdateProgress {
  private current: UpdateRecord | undefined;
  private cancelWait: (() => void) | undefined;
  private download: AbortController | undefined;
  /** Bumped by each request: work of a replaced request stops at its next step. */
  private generation = 0;
  readonly install: FirmwareInstall;

  constructor(private readonly context: ProfileContext, private readonly repo: FirmwareRepo, private readonly settings: TransferSettings = transferSettings) {
    this.current = repo.update();
    this.install = new FirmwareInstall(context, this, this.files);
  }

  get record(): UpdateRecord | undefined {
    return this.current;
  }

  get files(): { dir: string; download: string; image: string } {
    const dir = firmwareDir(this.context.host.dataDir);
    return { dir, download: join(dir, "download"), image: join(dir, "image") };
  }

  /** §11.1, §15: the step under way for TriggerMessage; Idle when none. */
  get status(): ReturnType<typeof currentFirmwareStatus> {
    return currentFirmwareStatus(this.current);
  }

  request(request: UpdateFirmwareRequest): void {
    const { log, clock } = this.context;
    const shown = hideCredentials(request.location);
    if (this.current?.stage === "installing") {
      log.warn("UpdateFirmware ignored: an install is under way", { location: shown });
      return;
    }
    if (this.current && this.current.stage !== "finished") log.info("firmware update replaced by a new UpdateFirmware", { stage: this.current.stage });
    this.cancel();
    this.current = scheduledUpdate(request, clock.now());
    this.save();
    const { retrieveDate, retries, retryIntervalSec } = this.current;
    log.info("firmware update scheduled", { location: shown, retrieveDate: retrieveDate.toISOString(), retries, retryIntervalSec });
    this.waitForNextAttempt();
  }

  /** After a restart: what was under way goes on (a download is resumed, a checked image installed). Never stops the station's start. */
  start(): void {
    try {
      this.resume();
    } catch (error) {
      this.failedUnexpectedly(error);
    }
  }

  private resume(): void {
    if (this.install.resumeAtStart()) return;
    switch (this.current?.stage) {
      case "scheduled":
      case "downloading":
        return this.waitForNextAttempt();
      case "installing":
      case "downloaded":
        this.stage("downloaded");
        return this.guarded(() => this.install.install());
    }
  }

  stop(): void {
    this.cancelWait?.();
    this.download?.abort();
    this.install.stop();
  }

  notify(status: FirmwareStatus): void {
    const { core, log } = this.context;
    try {
      core.enqueue({ action: "FirmwareStatusNotification", payload: { status } });
    } catch (error) {
      log.error("FirmwareStatusNotification could not be queued", { status, error: errorText(error) });
    }
    if (this.current) this.current = { ...this.current, lastStatus: status };
    this.save();
    log.info("firmware status", { status });
  }

  stage(stage: UpdateStage, changes: Partial<UpdateRecord> = {}): void {
    if (!this.current) return;
    this.current = { ...this.current, ...changes, stage };
    this.save();
  }

  finish(outcome: UpdateOutcome, reason?: string): void {
    const { log, core } = this.context;
    this.notify(outcome);
    if (this.current) this.current = { ...this.current, stage: "finished", outcome, reason: reason ?? null };
    this.save();
    this.removeFiles();
    core.availability.releaseHold();
    if (outcome === "Installed") log.info("firmware update finished", { outcome, version: this.current?.imageVersion ?? undefined });
    else log.error("firmware update failed", { outcome, reason });
  }

  /** A failure nobody foresaw ends this update (DownloadFailed until the image is there), logged; the station goes on. */
  private guarded(work: () => Promise<void>): void {
    work().catch((error) => this.failedUnexpectedly(error));
  }

  private failedUnexpectedly(error: unknown): void {
    this.context.log.error("firmware update failed unexpectedly", { error: errorText(error), stack: error instanceof Error ? error.stack : undefined });
    const stage = this.current?.stage;
    if (stage === undefined || stage === "finished") return;
    this.finish(stage === "scheduled" || stage === "downloading" ? "DownloadFailed" : "InstallationFailed", `unexpected: ${errorText(error)}`);
  }

  private cancel(): void {
    this.generation++;
    this.cancelWait?.();
    this.download?.abort();
    this.install.stop();
    this.context.core.availability.releaseHold();
    this.removeFiles();
  }

  private waitForNextAttempt(): void {
    const { clock } = this.context;
    const generation = this.generation;
    this.cancelWait?.();
    const look = () => {
      if (generation !== this.generation || !this.current) return;
      const waitMs = nextWaitMs(this.current.nextAttemptAt, clock.now());
      if (waitMs === 0) return this.guarded(() => this.attempt(generation));
      this.cancelWait = clock.after(waitMs, look);
    };
    look();
  }

  private async attempt(generation: number): Promise<void> {
    const { log } = this.context;
    const record = this.current!;
    const parsed = parseLocation(record.location);
    if (!parsed.ok) return this.finish("DownloadFailed", parsed.reason);
    this.stage("downloading");
    if (record.lastStatus !== "Downloading") this.notify("Downloading");
    mkdirSync(this.files.dir, { recursive: true, mode: 0o700 });
    this.download = new AbortController();
    try {
      const { limits, options } = this.settings;
      const done = await downloadFile(record.location, this.files.download, limits, { ...options, caPems: this.context.host.transferCaPems, signal: this.download.signal });
      if (generation !== this.generation) return;
      log.info("firmware downloaded", { location: parsed.location.shown, bytes: done.bytes, resumedFrom: done.resumedFrom || undefined });
    } catch (error) {
      if (generation === this.generation) this.attemptFailed(asTransferFailure(error, "download"));
      return;
    }
    this.notify("Downloaded");
    await this.check(generation);
  }

  private attemptFailed(failure: ReturnType<typeof asTransferFailure>): void {
    const { log, clock } = this.context;
    const record = this.current!;
    // A file that is too large, or a location the station cannot use, will not change by trying again.
    const next = failure.kind === "tooLarge" || failure.kind === "unsupported" ? ({ kind: "givenUp" } as const) : afterFailedAttempt(record, clock.now());
    if (failure.kind !== "refused" && failure.kind !== "unreachable") rmSync(this.files.download, { force: true });
    if (next.kind === "givenUp") return this.finish("DownloadFailed", failure.message);
    log.warn("firmware download failed; will retry", { reason: failure.message, attempt: record.failedAttempts + 1, retryAt: next.at.toISOString() });
    this.current = { ...record, stage: "scheduled", failedAttempts: record.failedAttempts + 1, nextAttemptAt: next.at };
    this.save();
    this.waitForNextAttempt();
  }

  /** LAB-INTERFACE: a complete executable for this machine that runs here, before anything is installed. */
  private async check(generation: number): Promise<void> {
    const checked = await prepareImage(this.files.download, this.files.image, this.settings.limits.maxBytes);
    if (generation !== this.generation) return;
    if (!checked.ok) return this.finish("InstallationFailed", checked.reason);
    this.stage("downloaded", { imageVersion: checked.version });
    this.context.log.info("firmware image checked", { version: checked.version });
    await this.install.install();
  }

  private removeFiles(): void {
    for (const file of [this.files.download, this.files.image]) rmSync(file, { force: true });
  }

  private save(): void {
    if (!this.current) return;
    this.current = { ...this.current, updatedAt: this.context.clock.now() };
    try {
      this.repo.saveUpdate(this.current);
    } catch (error) {
      this.context.log.error("firmware update could not be stored", { error: errorText(error) });
    }
  }
}
