import type { Clock, Log, Outbox } from "../../station/ports.ts";
import type { SecurityLogRepo } from "./security-log-repo.ts";
import { type SecurityEvent, type SecurityEventType, securityEventTypes } from "./security-event-types.ts";

type Options = { repo: SecurityLogRepo; outbox: Outbox; clock: Clock; log: Log; queued(): void };

/**
 * §17.5: every security event goes into the persistent, rolling security log and, in the same
 * commit, onto the durable queue as SecurityEventNotification: critical ones because they SHALL be
 * sent (A04.FR.02/04), the others because the OCTT (TC_077, TC_078) and L01 expect them too. Queued,
 * an event raised offline or just before a power cut arrives later, once, in order.
 */
export class SecurityLog {
  constructor(private readonly options: Options) {}

  raise(type: SecurityEventType, techInfo?: string): void {
    const { repo, outbox, clock, log } = this.options;
    const at = clock.now();
    const info = techInfo === undefined ? undefined : techInfo.slice(0, 255);
    const isCritical = securityEventTypes[type];
    const payload = { type, timestamp: at.toISOString(), ...(info === undefined ? {} : { techInfo: info }) };
    let dropped: number;
    try {
      dropped = repo.record({ type, at, techInfo: info, isCritical }, () => outbox.append({ action: "SecurityEventNotification", payload }, null));
    } catch (error) {
      log.error("security event not recorded", { type, techInfo: info, error });
      return;
    }
    log[isCritical ? "warn" : "info"]("security event", { type, ...(info === undefined ? {} : { techInfo: info }) });
    this.options.queued();
    // [impl] §17.5: the rolling log losing its oldest events is the log being cleared (of them); said once per drop, not for its own drop.
    if (dropped > 0 && type !== "SecurityLogWasCleared") this.raise("SecurityLogWasCleared", `the ${dropped} oldest events were dropped: the security log keeps at most ${repo.maxEvents}`);
  }

  /** From another profile through the station's hooks: a name outside the table is logged, not recorded. */
  raiseNamed(type: string, techInfo?: string): void {
    if (type in securityEventTypes) this.raise(type as SecurityEventType, techInfo);
    else this.options.log.warn("unknown security event type not recorded", { type, techInfo });
  }

  latest(count: number): SecurityEvent[] {
    return this.options.repo.latest(count);
  }

  between(oldest: Date | undefined, latest: Date | undefined): SecurityEvent[] {
    return this.options.repo.between(oldest, latest);
  }
}

/** One line of the uploaded security log: time, type, and what went with it. */
export function securityLogLine(event: SecurityEvent): string {
  return `${event.at.toISOString()} ${event.type}${event.isCritical ? " (critical)" : ""}${event.techInfo === undefined ? "" : ` ${event.techInfo}`}`;
}
