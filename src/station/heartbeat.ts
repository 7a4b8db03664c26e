import type { Configuration } from "./configuration/configuration.ts";
import type { HeartbeatResponse } from "../messages/heartbeat.ts";
import type { AdjustableClock, CallOutcome, CentralSystem, Log } from "./ports.ts";

/** §2.5: even with pings replacing heartbeats, one a day keeps the clock in sync. */
const maxSilenceSec = 24 * 3600;

type Options = {
  csms: CentralSystem;
  lastSentAt(): Date | undefined;
  clock: AdjustableClock;
  configuration: Configuration;
  isAccepted(): boolean;
  log: Log;
};

/** Sends Heartbeat only after HeartbeatInterval without any other message (C§4.6), and syncs the clock. */
export class Heartbeat {
  private cancelTimer: (() => void) | undefined;

  constructor(private readonly options: Options) {
    options.configuration.onChange((key) => {
      if (key === "HeartbeatInterval") this.schedule();
    });
    options.csms.onConnected(() => this.schedule());
  }

  /** (Re)plans the next check; call when registration is accepted. */
  schedule(): void {
    this.cancelTimer?.();
    const dueAt = this.dueAt();
    const delayMs = Math.max(0, dueAt - this.options.clock.now().getTime());
    this.cancelTimer = this.options.clock.after(delayMs, () => void this.beat());
  }

  stop(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
  }

  private intervalMs(): number {
    const intervalSec = this.options.configuration.integer("HeartbeatInterval");
    return (intervalSec > 0 ? Math.min(intervalSec, maxSilenceSec) : maxSilenceSec) * 1000;
  }

  private dueAt(): number {
    const last = this.options.lastSentAt()?.getTime() ?? this.options.clock.now().getTime();
    return last + this.intervalMs();
  }

  /**
   * TriggerMessage(Heartbeat) (§15): one now, whatever the interval and also while Pending; the
   * planned one counts its silence from it. Resolves with how the CALL ended.
   */
  async beatNow(): Promise<CallOutcome<HeartbeatResponse>["kind"]> {
    const outcome = await this.options.csms.call("Heartbeat", {});
    if (outcome.kind === "ok") this.options.clock.adjust(new Date(outcome.payload.currentTime));
    return outcome.kind;
  }

  private async beat(): Promise<void> {
    this.cancelTimer = undefined;
    const { csms, clock, isAccepted, log } = this.options;
    if (!csms.isConnected || !isAccepted()) return; // the next connection or acceptance plans again
    if (clock.now().getTime() < this.dueAt()) return this.schedule();
    const outcome = await this.beatNow();
    if (outcome !== "ok") log.warn("Heartbeat not answered", { outcome });
    this.schedule();
  }
}
