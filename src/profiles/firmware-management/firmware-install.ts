import { existsSync, readFileSync, rmSync } from "node:fs";
import { childProcess } from "../../built-ins.ts";
import { errorText } from "../../log/logger.ts";
import { buildCommit, firmwareVersion } from "../../version.ts";
import type { ProfileContext } from "../profile.ts";
import { besideExecutable, identityOf, isSameFile, replaceExecutable, runningIdentity, stageImage } from "./executable-files.ts";
import type { UpdateProgress } from "./firmware-update.ts";
import { checkExecutable } from "./image-check.ts";
import { type InstallJournal, journalFile, readJournal, removeDurably, verdictFile, writeJournal } from "./install-journal.ts";
import { isAlive } from "./rollback-watchdog.ts";

/** How long the Installing notification may take to leave before the restart (it is queued durably anyway). */
const installingDeliveryMs = 10_000;
/** How often the wait for the running transactions looks again, beside the availability changes it is told. */
const transactionPollMs = 5_000;
/** A test holds the replace between keeping the previous executable and the rename, to cut the power there. */
const testPauseVariable = "CSC22B7_TEST_FIRMWARE_REPLACE_PAUSE_MS";

/**
 * Installs a checked image (src/profiles/firmware-management/README.md): waits with the station out of service until no
 * transaction runs, puts the image beside the executable, and restarts into it (same PID) for a
 * trial while the previous executable stays at its path, watched by a watchdog of the previous one.
 * Once the new image has registered (BootNotification Accepted) it renames itself over the
 * executable, the previous one kept as <name>.previous, and reports Installed. Whatever stops the
 * trial (a crash, a hang, a power cut) leaves the previous executable at the path, which reports
 * InstallationFailed when it runs again.
 */
export class FirmwareInstall {
  private stopWaiting: (() => void) | undefined;
  private stopListening: (() => void) | undefined;
  private trial: InstallJournal | undefined;
  /** The path the station is installed at; a new image on trial runs from beside it. */
  private installedPath: string | undefined;

  constructor(
    private readonly context: ProfileContext,
    private readonly progress: UpdateProgress,
    private readonly files: { image: string },
  ) {
    this.installedPath = context.host.executable?.path;
  }

  private get journalPath(): string {
    return journalFile(this.context.host.dataDir);
  }

  /** The executable the station is installed as, and the install under way if any, for diag. */
  get state(): { executable: string | undefined; trial: InstallJournal | undefined } {
    return { executable: this.installedPath, trial: this.trial };
  }

  /** At start: an install journal decides what this start is. True when it did. */
  resumeAtStart(): boolean {
    const journal = readJournal(this.journalPath);
    if (!journal) return false;
    this.installedPath = journal.executable;
    const isNewImage = isSameFile(runningIdentity(), journal.to);
    if (isNewImage && journal.phase === "trial") this.beginTrial(journal);
    else if (isNewImage) this.completeInstall(journal);
    else if (journal.phase === "confirming") this.finishReplaceAndRestart(journal);
    else this.trialFailed(journal);
    return true;
  }

  async install(): Promise<void> {
    const { host, core, log } = this.context;
    if (!host.executable) return this.progress.finish("InstallationFailed", "the station runs from source: there is no executable of its own to replace");
    core.availability.holdOutOfService("firmware install");
    const busy = this.connectorsWithTransaction();
    if (busy.length > 0) log.info("firmware install waits for the running transactions to end; new transactions are refused", { connectors: busy.join(",") });
    if (!(await this.untilNoTransaction())) return;
    this.progress.stage("installing", { fromVersion: `${firmwareVersion} (${buildCommit})` });
    this.progress.notify("Installing");
    const checked = await checkExecutable(this.files.image);
    if (!checked.ok) return this.progress.imageRefused(checked.reason);
    const journal = this.stage(checked.version, host.executable);
    if (!journal) return;
    // §17.7: a signed update says InstallRebooting before the restart its install needs.
    this.progress.notify("InstallRebooting");
    await this.untilInstallingDelivered();
    log.info("restarting into the new executable for its trial", { version: checked.version, executable: journal.staged, deadlineAt: journal.deadlineAt });
    core.lifecycle.request({ kind: "restart", why: `firmware update to ${checked.version}`, executable: journal.staged });
  }

  stop(): void {
    this.stopWaiting?.();
    this.stopListening?.();
  }

  /** The image beside the executable, the journal written and the watchdog started; undefined when it failed (reported). */
  private stage(version: string, executable: NonNullable<ProfileContext["host"]["executable"]>): InstallJournal | undefined {
    const { clock, configuration } = this.context;
    const path = this.installedPath ?? executable.path;
    const { staged, previous } = besideExecutable(path);
    try {
      const to = stageImage(this.files.image, staged);
      const now = clock.now();
      const journal: InstallJournal = {
        phase: "trial", executable: path, staged, previous, args: [...executable.args], cwd: executable.cwd,
        from: `${firmwareVersion} (${buildCommit})`, to: { version, dev: to.dev, ino: to.ino },
        startedAt: now.toISOString(), deadlineAt: this.deadlineFrom(now), pid: process.pid, watchdogPid: null,
      };
      writeJournal(this.journalPath, journal);
      journal.watchdogPid = this.startWatchdog(path);
      writeJournal(this.journalPath, journal);
      return journal;
    } catch (error) {
      rmSync(staged, { force: true });
      removeDurably(this.journalPath);
      this.progress.finish("InstallationFailed", `the new executable cannot be put beside ${path}: ${errorText(error)}`);
      return undefined;
    }
  }

  /** The new image's first boot: it has until the deadline to register, or the watchdog restores the previous one. */
  private beginTrial(journal: InstallJournal): void {
    const { clock, core, log } = this.context;
    journal.pid = process.pid;
    journal.deadlineAt = this.deadlineFrom(clock.now());
    if (journal.watchdogPid === null || !isAlive(journal.watchdogPid)) journal.watchdogPid = this.startWatchdog(journal.executable);
    writeJournal(this.journalPath, journal);
    this.trial = journal;
    log.info("firmware on trial: it must register with the Central System", { version: journal.to.version, deadlineAt: journal.deadlineAt, previous: journal.executable });
    // Registered and its boot statuses sent: TC_044_1's BootNotification, StatusNotification, then Installed.
    this.stopListening = core.statuses.onAllReported(() => this.confirm());
  }

  /** Registered: the new image takes the executable's place, the previous one kept beside it. */
  private confirm(): void {
    const journal = this.trial;
    if (!journal) return;
    this.trial = undefined;
    this.stopListening?.();
    writeJournal(this.journalPath, { ...journal, phase: "confirming" });
    this.completeInstall(journal);
  }

  private completeInstall(journal: InstallJournal): void {
    try {
      if (!isSameFile(identityOf(journal.executable), journal.to)) replaceExecutable(journal, () => this.pauseForTest());
    } catch (error) {
      this.context.log.error("the new executable could not take the installed one's place; it runs until the next restart", { error: errorText(error) });
    }
    removeDurably(this.journalPath);
    removeDurably(verdictFile(this.context.host.dataDir));
    this.context.log.info("firmware installed", { version: journal.to.version, executable: journal.executable, previous: journal.previous });
    this.progress.finish("Installed");
  }

  /** The new image registered but the power went before its rename: the rename is done here, then the new image runs. */
  private finishReplaceAndRestart(journal: InstallJournal): void {
    replaceExecutable(journal, () => {});
    this.context.log.info("the confirmed new executable replaces this one now", { version: journal.to.version });
    this.context.core.lifecycle.request({ kind: "restart", why: "finishing a firmware install", executable: journal.executable });
  }

  /** This start is the previous executable's: the trial ended without the new image registering. */
  private trialFailed(journal: InstallJournal): void {
    const verdictPath = verdictFile(this.context.host.dataDir);
    const verdict = existsSync(verdictPath) ? readFileSync(verdictPath, "utf8").trim() : `the new executable ${journal.to.version} did not register with the Central System (it stopped, or the power was cut)`;
    rmSync(journal.staged, { force: true });
    removeDurably(this.journalPath);
    removeDurably(verdictPath);
    this.context.log.warn("firmware trial failed; the previous executable runs", { executable: journal.executable });
    this.progress.finish("InstallationFailed", verdict);
  }

  /** The previous executable watches the trial (`csc22b7 firmware watchdog <journal>`), in a session of its own. */
  private startWatchdog(executable: string): number | null {
    try {
      const child = childProcess().spawn(executable, ["firmware", "watchdog", this.journalPath], { detached: true, stdio: "inherit", cwd: this.context.host.executable?.cwd ?? "/" });
      child.on("error", (error) => this.context.log.error("the firmware watchdog could not start", { error: errorText(error) }));
      child.unref();
      return child.pid ?? null;
    } catch (error) {
      this.context.log.error("the firmware watchdog could not start", { error: errorText(error) });
      return null;
    }
  }

  private deadlineFrom(now: Date): string {
    return new Date(now.getTime() + this.context.configuration.integer("FirmwareBootTimeout") * 1000).toISOString();
  }

  private connectorsWithTransaction(): number[] {
    const { core, hardware } = this.context;
    return hardware.connectors.map((c) => c.connectorId).filter((connectorId) => core.sessions.hasTransaction(connectorId));
  }

  /** Resolves true once no transaction runs (the hold keeps new ones from starting), false when stopped. */
  private untilNoTransaction(): Promise<boolean> {
    const { core, clock } = this.context;
    return new Promise((resolve) => {
      let cancelPoll: () => void = () => {};
      const finish = (isDone: boolean) => {
        stopChanges();
        cancelPoll();
        this.stopWaiting = undefined;
        resolve(isDone);
      };
      const look = () => {
        if (this.connectorsWithTransaction().length === 0) return finish(true);
        cancelPoll = clock.after(transactionPollMs, look);
      };
      const stopChanges = core.availability.onChanged(() => {
        cancelPoll();
        look();
      });
      this.stopWaiting = () => finish(false);
      look();
    });
  }

  /** C§5.19: Installing (and InstallRebooting) reaches the Central System before the restart when the link allows (it is queued durably anyway). */
  private async untilInstallingDelivered(): Promise<void> {
    const { stores, csms } = this.context;
    const deadline = Date.now() + installingDeliveryMs;
    while (stores.outbox.stats().pending > 0 && csms.isConnected && Date.now() < deadline) await Bun.sleep(100);
  }

  private pauseForTest(): void {
    const pauseMs = Number(process.env[testPauseVariable] ?? 0);
    if (!(pauseMs > 0)) return;
    this.context.log.warn("firmware replace paused for a test", { pauseMs });
    Bun.sleepSync(pauseMs);
  }
}
