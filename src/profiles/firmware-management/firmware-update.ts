import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { FirmwareStatus } from "../../messages/firmware-status-notification.ts";
import type { UpdateFirmwareRequest } from "../../messages/update-firmware.ts";
import type { FirmwareUpdater, RunningFirmwareUpdate, SignedFirmwareOrder } from "../../station/hooks.ts";
import { errorText } from "../../log/logger.ts";
import { downloadFile } from "../../transfer/file-transfer.ts";
import { asTransferFailure } from "../../transfer/transfer-failure.ts";
import { hideCredentials, parseLocation } from "../../transfer/transfer-location.ts";
import type { ProfileContext } from "../profile.ts";
import type { FirmwareRepo, UpdateOutcome, UpdateRecord, UpdateStage, UpdateStatus } from "./firmware-repo.ts";
import { FirmwareInstall } from "./firmware-install.ts";
import { prepareImage } from "./image-check.ts";
import { firmwareDir } from "./install-journal.ts";
import {
  afterFailedAttempt, currentFirmwareStatus, nextWaitMs, scheduledSignedUpdate, scheduledUpdate, signedOrderOf, triggeredSignedStatus,
} from "./update-request.ts";
import { type TransferSettings, transferSettings } from "./transfer-settings.ts";

/** What the update reports and records: the install (firmware-install.ts) uses it too. */
export interface UpdateProgress {
  notify(status: UpdateStatus): void;
  stage(stage: UpdateStage, changes?: Partial<UpdateRecord>): void;
  finish(outcome: UpdateOutcome, reason?: string): void;
  /** The image failed its check (image-check.ts): nothing was installed. */
  imageRefused(reason: string): void;
  readonly record: UpdateRecord | undefined;
}

/**
 * UpdateFirmware (SPEC-DIGEST §11.1) and the signed update (§17.7, handed over by the Security profile
 * through the seam): waits for retrieveDate on the station's clock (kept in the database, so a power
 * cut does not lose it), downloads with retries, has a signed image's signature verified, checks the
 * image before anything on disk changes, waits for a signed update's installDateTime, then hands it to
 * the install. Every status notification goes through the durable queue: FirmwareStatusNotification for
 * UpdateFirmware, SignedFirmwareStatusNotification with the requestId for a signed update.
 * [impl] A new request replaces one not yet installing; during an install an UpdateFirmware is ignored.
 */
export class FirmwareUpdate implements UpdateProgress, FirmwareUpdater {
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

  /** §17.7 L01.FR.28–29: what ExtendedTriggerMessage(FirmwareStatusNotification) reports. */
  get signedStatus(): ReturnType<typeof triggeredSignedStatus> {
    return triggeredSignedStatus(this.current);
  }

  /** L01.FR.26–27: an update not installing yet can be cancelled for a new one; an install cannot. */
  running(): RunningFirmwareUpdate {
    if (this.current === undefined || this.current.stage === "finished") return "none";
    return this.current.stage === "installing" ? "notCancellable" : "cancellable";
  }

  request(request: UpdateFirmwareRequest): void {
    this.begin("UpdateFirmware", () => scheduledUpdate(request, this.context.clock.now()));
  }

  requestSigned(order: SignedFirmwareOrder): void {
    this.begin("SignedUpdateFirmware", () => scheduledSignedUpdate(order, this.context.clock.now()));
  }

  private begin(action: string, record: () => UpdateRecord): void {
    const { log } = this.context;
    if (this.current?.stage === "installing") {
      log.warn(`${action} ignored: an install is under way`);
      return;
    }
    if (this.current && this.current.stage !== "finished") log.info(`firmware update replaced by a new ${action}`, { stage: this.current.stage });
    this.cancel();
    this.current = record();
    this.save();
    const { location, retrieveDate, retries, retryIntervalSec, requestId } = this.current;
    log.info("firmware update scheduled", { action, requestId: requestId ?? undefined, location: hideCredentials(location), retrieveDate: retrieveDate.toISOString(), retries, retryIntervalSec });
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
        return this.installWhenDue(this.generation);
    }
  }

  stop(): void {
    this.cancelWait?.();
    this.download?.abort();
    this.install.stop();
  }

  /** A signed update's status with its requestId; an UpdateFirmware's only when 1.6 has it (not InstallRebooting). */
  notify(status: UpdateStatus): void {
    const { core, log } = this.context;
    const order = signedOrderOf(this.current);
    const isLegacy = FirmwareStatus.options.includes(status as FirmwareStatus);
    if (!order && !isLegacy) return;
    try {
      if (order) core.enqueue({ action: "SignedFirmwareStatusNotification", payload: { status, requestId: order.requestId } });
      else core.enqueue({ action: "FirmwareStatusNotification", payload: { status: status as FirmwareStatus } });
    } catch (error) {
      log.error("firmware status notification could not be queued", { status, error: errorText(error) });
    }
    if (this.current) this.current = { ...this.current, lastStatus: status };
    this.save();
    log.info("firmware status", { status, requestId: order?.requestId });
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

  /**
   * §17.7: a signed update whose image fails the check says InstallVerificationFailed (verification of
   * the new firmware failed, installation will not proceed); an UpdateFirmware says InstallationFailed,
   * the only word 1.6 has for it.
   */
  imageRefused(reason: string): void {
    this.finish(signedOrderOf(this.current) ? "InstallVerificationFailed" : "InstallationFailed", reason);
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
    if (failure.kind !== "refused" && failure.kind !== "denied" && failure.kind !== "unreachable") rmSync(this.files.download, { force: true });
    if (next.kind === "givenUp") return this.finish("DownloadFailed", failure.message);
    log.warn("firmware download failed; will retry", { reason: failure.message, attempt: record.failedAttempts + 1, retryAt: next.at.toISOString() });
    this.current = { ...record, stage: "scheduled", failedAttempts: record.failedAttempts + 1, nextAttemptAt: next.at };
    this.save();
    this.waitForNextAttempt();
  }

  /**
   * §17.7 L01.FR.04: a signed image's signature over the whole downloaded file first (InvalidSignature,
   * nothing installed); then LAB-INTERFACE: a complete executable for this machine that runs here.
   */
  private async check(generation: number): Promise<void> {
    const order = signedOrderOf(this.current);
    if (order) {
      const verified = await this.context.hooks.verifyFirmwareSignature(order, this.files.download);
      if (generation !== this.generation) return;
      if (!verified.ok) return this.finish("InvalidSignature", verified.reason);
      this.notify("SignatureVerified");
    }
    const checked = await prepareImage(this.files.download, this.files.image, this.settings.limits.maxBytes);
    if (generation !== this.generation) return;
    if (!checked.ok) return this.imageRefused(checked.reason);
    this.stage("downloaded", { imageVersion: checked.version });
    this.context.log.info("firmware image checked", { version: checked.version });
    this.installWhenDue(generation);
  }

  /** §17.7: a signed update's installDateTime still ahead is InstallScheduled, waited for on the station's clock (across restarts too). */
  private installWhenDue(generation: number): void {
    const { clock, log } = this.context;
    this.cancelWait?.();
    const look = () => {
      if (generation !== this.generation || !this.current) return;
      const installAt = this.current.installAt;
      const waitMs = installAt === null ? 0 : nextWaitMs(installAt, clock.now());
      if (waitMs === 0) return this.guarded(() => this.install.install());
      if (this.current.lastStatus !== "InstallScheduled") {
        log.info("firmware install scheduled", { installAt: installAt!.toISOString() });
        this.notify("InstallScheduled");
      }
      this.cancelWait = clock.after(waitMs, look);
    };
    look();
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
