import type { BootNotificationRequest } from "../messages/boot-notification.ts";
import type { Configuration } from "./configuration/configuration.ts";
import type { AdjustableClock, CentralSystem, Log } from "./ports.ts";

/** Where the station stands with the Central System since this start (SPEC-DIGEST §4). */
export type RegistrationState =
  | { kind: "unknown" }
  | { kind: "booting" }
  | { kind: "pending"; retryAt: Date }
  | { kind: "rejected"; retryAt: Date }
  | { kind: "retrying"; retryAt: Date; reason: string }
  | { kind: "accepted"; since: Date };

export type RegistrationStatus = "Accepted" | "Pending" | "Rejected" | "Unknown";

type Options = {
  identity: BootNotificationRequest;
  csms: CentralSystem;
  clock: AdjustableClock;
  configuration: Configuration;
  log: Log;
  /** C§4.2: with interval 0 the station picks a delay that does not flood the Central System. */
  defaultRetrySec?: number;
  /** No answer or a CALLERROR: retry after min·2ⁿ seconds, at most max. */
  errorBackoffSec?: { min: number; max: number };
};

/**
 * BootNotification after every start until Accepted: Pending and Rejected wait `interval`, a
 * CALLERROR or timeout backs off, a lost link waits for the next connection.
 */
export class Registration {
  private current: RegistrationState = { kind: "unknown" };
  private cancelRetry: (() => void) | undefined;
  private failures = 0;
  private readonly acceptedListeners = new Set<() => void>();
  /** A TriggerMessage asked for a BootNotification while one was in flight (whose answer may already be on its way). */
  private isBootAsked = false;

  constructor(private readonly options: Options) {
    options.csms.onConnected(() => {
      if (this.current.kind === "unknown") void this.boot();
    });
  }

  get state(): RegistrationState {
    return this.current;
  }

  get status(): RegistrationStatus {
    const byKind = { accepted: "Accepted", pending: "Pending", rejected: "Rejected" } as const;
    return byKind[this.current.kind as keyof typeof byKind] ?? "Unknown";
  }

  /** Begins registering; the first BootNotification leaves as soon as the link is up. */
  start(): void {
    if (this.options.csms.isConnected && this.current.kind === "unknown") void this.boot();
  }

  /**
   * TriggerMessage(BootNotification) (§15): boots now instead of after the interval. Asked while one is
   * in flight, another follows its answer if that is Pending (the asked one leaves after the ask, C§5.17);
   * an Accepted answer ends the registration, and Rejected keeps its interval. The caller decides whether
   * it may ask (E3.35: not once Accepted).
   */
  bootNow(): void {
    if (!this.options.csms.isConnected) return;
    if (this.current.kind === "booting") {
      this.isBootAsked = true;
      return;
    }
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    void this.boot();
  }

  onAccepted(listener: () => void): () => void {
    this.acceptedListeners.add(listener);
    return () => this.acceptedListeners.delete(listener);
  }

  stop(): void {
    this.cancelRetry?.();
  }

  private async boot(): Promise<void> {
    this.current = { kind: "booting" };
    const outcome = await this.options.csms.call("BootNotification", this.options.identity);
    const isAsked = this.isBootAsked;
    this.isBootAsked = false;
    switch (outcome.kind) {
      case "ok": {
        const { status, currentTime, interval } = outcome.payload;
        this.failures = 0;
        this.options.clock.adjust(new Date(currentTime));
        if (status === "Accepted") return this.accept(interval);
        const delaySec = status === "Pending" && isAsked ? 0 : interval > 0 ? interval : (this.options.defaultRetrySec ?? 60);
        this.options.log.warn(`registration ${status.toLowerCase()}`, { retryInSec: delaySec });
        return this.retryAfter(status === "Pending" ? "pending" : "rejected", delaySec);
      }
      case "offline":
        // The next connection boots again.
        this.current = { kind: "unknown" };
        return;
      default: {
        const { min, max } = this.options.errorBackoffSec ?? { min: 10, max: 600 };
        const delaySec = Math.min(max, min * 2 ** this.failures++);
        const reason = outcome.kind === "timeout" ? "no answer" : `${outcome.code}: ${outcome.description}`;
        this.options.log.warn("BootNotification failed", { reason, retryInSec: delaySec });
        this.retryAfter("retrying", delaySec, reason);
      }
    }
  }

  private accept(intervalSec: number): void {
    this.current = { kind: "accepted", since: this.options.clock.now() };
    // §4 [impl]: the interval from the Central System becomes HeartbeatInterval.
    if (intervalSec > 0 && this.options.configuration.change("HeartbeatInterval", String(intervalSec)) !== "Accepted") {
      this.options.log.warn("heartbeat interval from the Central System not usable", { intervalSec });
    }
    this.options.log.info("registration accepted", { heartbeatIntervalSec: this.options.configuration.integer("HeartbeatInterval") });
    for (const listener of this.acceptedListeners) listener();
  }

  private retryAfter(kind: "pending" | "rejected" | "retrying", delaySec: number, reason = ""): void {
    const retryAt = new Date(this.options.clock.now().getTime() + delaySec * 1000);
    this.current = kind === "retrying" ? { kind, retryAt, reason } : { kind, retryAt };
    this.cancelRetry = this.options.clock.after(delaySec * 1000, () => {
      this.cancelRetry = undefined;
      if (this.options.csms.isConnected) void this.boot();
      else this.current = { kind: "unknown" };
    });
  }
}
