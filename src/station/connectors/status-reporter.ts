import type { StatusNotificationRequest } from "../../messages/status-notification.ts";
import type { Configuration } from "../configuration/configuration.ts";
import type { CentralSystem, Clock, Log } from "../ports.ts";
import type { RegistrationStatus } from "../registration.ts";
import { isSameReport, type StatusReport, type StatusSource } from "./connector-status.ts";

/** C§6.47: info and vendorErrorCode are CiString50. */
const maxTextChars = 50;

export type StatusReporterOptions = {
  /** Connector 0 first, then every connector. */
  sources: readonly StatusSource[];
  csms: CentralSystem;
  registration: { readonly status: RegistrationStatus; onAccepted(listener: () => void): () => void };
  configuration: Configuration;
  clock: Clock;
  log: Log;
  /** C§6.47: names whose vendorErrorCode it is. */
  vendorId: string;
  /**
   * Calls back once the sources show the connectors' true state at start (the hardware's first pilot
   * readings): no status leaves before, so the first ones already know an EV plugged in (TC_015).
   */
  whenSettled(listener: () => void): () => void;
};

/** One status of one connector, from the moment it began. */
type Entry = { connectorId: number; report: StatusReport; since: Date; cancelTimer?: (() => void) | undefined };

/**
 * StatusNotification (SPEC-DIGEST §6.4, §4): each status is reported once it has lasted
 * MinimumStatusDuration, in the order the changes happened, with `timestamp` = when it began.
 * Nothing is queued: while offline or before Accepted nothing goes out; Accepted sends every
 * status, a reconnect the current ones that changed since they were last reported.
 */
export class StatusReporter {
  private readonly current = new Map<number, Entry>();
  private readonly lastSent = new Map<number, Entry>();
  /** Entries whose MinimumStatusDuration is running. */
  private readonly waiting = new Set<Entry>();
  private readonly unsubscribe: (() => void)[] = [];
  private isSettled = false;
  private readonly reportedListeners = new Set<() => void>();

  constructor(private readonly options: StatusReporterOptions) {
    const { sources, csms, registration, configuration, clock } = options;
    for (const source of sources) {
      this.current.set(source.connectorId, { connectorId: source.connectorId, report: source.current, since: clock.now() });
      this.unsubscribe.push(source.onChanged((report) => this.changed(source.connectorId, report)));
    }
    // The connection and the BootNotification do not wait for the hardware; the boot statuses do.
    this.unsubscribe.push(
      options.whenSettled(() => {
        this.isSettled = true;
        if (registration.status === "Accepted" && csms.isConnected) this.sendAll();
      }),
      registration.onAccepted(() => this.isSettled && this.sendAll()),
      csms.onConnected(() => this.reconnected()),
      configuration.onChange((key) => {
        if (key === "MinimumStatusDuration") this.replan();
      }),
    );
  }

  /** The current statuses still waiting leave now: a reset must not swallow the Finishing of its StopTransaction (TC_016). */
  stop(): void {
    for (const unsubscribe of this.unsubscribe.splice(0)) unsubscribe();
    const last = [...this.waiting].filter((entry) => entry === this.current.get(entry.connectorId)).sort(bySince);
    for (const entry of this.waiting) entry.cancelTimer?.();
    this.waiting.clear();
    for (const entry of last) this.deliver(entry);
  }

  /**
   * TriggerMessage(StatusNotification) (§15): the current status now, even if already reported or younger
   * than MinimumStatusDuration; earlier ones still waiting leave first, so the order holds. The caller
   * decides whether the registration allows it (Accepted or Pending). False for an unknown connector.
   */
  reportNow(connectorId: number): boolean {
    const entry = this.current.get(connectorId);
    if (!entry) return false;
    const earlier = [...this.waiting].filter((waiting) => waiting.connectorId === connectorId && waiting !== entry).sort(bySince);
    for (const waiting of earlier) {
      this.stopWaiting(waiting);
      this.deliver(waiting);
    }
    this.stopWaiting(entry);
    this.send(entry);
    return true;
  }

  private changed(connectorId: number, report: StatusReport): void {
    const minimumMs = this.minimumMs();
    const previous = this.current.get(connectorId);
    // C§9.1.20: a status that did not last MinimumStatusDuration is skipped; with 0 every one is sent.
    if (previous && minimumMs > 0) this.stopWaiting(previous);
    const entry: Entry = { connectorId, report, since: this.options.clock.now() };
    this.current.set(connectorId, entry);
    // Even with 0 the notification waits for a zero-delay timer: the answer to the CALL that caused
    // the change (e.g. ChangeAvailability.conf) leaves first.
    this.wait(entry, minimumMs);
  }

  private wait(entry: Entry, delayMs: number): void {
    this.waiting.add(entry);
    entry.cancelTimer = this.options.clock.after(delayMs, () => {
      entry.cancelTimer = undefined;
      this.waiting.delete(entry);
      this.deliver(entry);
    });
  }

  private stopWaiting(entry: Entry): void {
    entry.cancelTimer?.();
    entry.cancelTimer = undefined;
    this.waiting.delete(entry);
  }

  /** Sends `entry` unless it is what the Central System already has; offline it is simply dropped (§6.4). */
  private deliver(entry: Entry): void {
    if (!this.isSettled || !this.options.csms.isConnected || this.options.registration.status !== "Accepted") return;
    if (isSameReport(this.lastSent.get(entry.connectorId)?.report, entry.report)) return;
    this.send(entry);
  }

  /** C§4.2, E3.22: after every Accepted, connector 0 and every connector with its current status. */
  /**
   * Told each time an Accepted registration has had every status sent (the boot statuses, C§4.2): what
   * follows a registration in the specification's order (a firmware install's Installed, TC_044_1) waits for it.
   */
  onAllReported(listener: () => void): () => void {
    this.reportedListeners.add(listener);
    return () => this.reportedListeners.delete(listener);
  }

  private sendAll(): void {
    for (const entry of [...this.waiting]) this.stopWaiting(entry);
    for (const source of this.options.sources) {
      const entry = this.current.get(source.connectorId);
      if (entry) this.send(entry);
    }
    for (const listener of [...this.reportedListeners]) listener();
  }

  /** §6.4: after being offline, the current status where it changed; stale intermediate ones are not sent. */
  private reconnected(): void {
    // The coming Accepted, or the settling after it, sends every status.
    if (!this.isSettled || this.options.registration.status !== "Accepted") return;
    for (const entry of [...this.waiting]) {
      if (entry !== this.current.get(entry.connectorId)) this.stopWaiting(entry);
    }
    const settled = [...this.current.values()].filter((entry) => !this.waiting.has(entry));
    for (const entry of settled.sort(bySince)) this.deliver(entry);
  }

  /** C§9.1.20: a new MinimumStatusDuration applies at once to the statuses still waiting. */
  private replan(): void {
    const minimumMs = this.minimumMs();
    const nowMs = this.options.clock.now().getTime();
    const waiting = [...this.waiting].sort(bySince);
    for (const entry of waiting) this.stopWaiting(entry);
    for (const entry of waiting) {
      if (entry === this.current.get(entry.connectorId)) this.wait(entry, Math.max(0, entry.since.getTime() + minimumMs - nowMs));
    }
  }

  private send(entry: Entry): void {
    const { connectorId, report, since } = entry;
    this.lastSent.set(connectorId, entry);
    const payload: StatusNotificationRequest = {
      connectorId,
      status: report.status,
      errorCode: report.errorCode,
      timestamp: since.toISOString(),
      ...(report.info === undefined ? {} : { info: report.info.slice(0, maxTextChars) }),
      ...(report.vendorErrorCode === undefined ? {} : { vendorId: this.options.vendorId, vendorErrorCode: report.vendorErrorCode.slice(0, maxTextChars) }),
    };
    this.options.csms.call("StatusNotification", payload).then(
      (outcome) => {
        if (outcome.kind === "ok") return;
        this.options.log.warn("StatusNotification not answered", { connectorId, status: report.status, outcome: outcome.kind });
        // A CALLERROR reached the Central System; otherwise the next reconnect sends the status again.
        if (outcome.kind !== "callError" && this.lastSent.get(connectorId) === entry) this.lastSent.delete(connectorId);
      },
      (error: unknown) => this.options.log.error("StatusNotification could not be sent", { connectorId, error: String(error) }),
    );
  }

  private minimumMs(): number {
    const seconds = this.options.configuration.integer("MinimumStatusDuration");
    return Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 0;
  }
}

function bySince(a: Entry, b: Entry): number {
  return a.since.getTime() - b.since.getTime();
}
