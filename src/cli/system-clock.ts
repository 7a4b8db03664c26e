import type { AdjustableClock } from "../station/ports.ts";

/**
 * Wall-clock time plus the offset the Central System last set (§5: the station follows the
 * Central System's clock, the operating system's own clock is left alone).
 */
export class SystemClock implements AdjustableClock {
  private offsetMs = 0;
  private isAdjusted = false;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /**
   * A zero delay runs once the current work and its promises are done, without the event loop going to
   * sleep for it (setTimeout's 1 ms would: a wake-up each, issue 18).
   */
  after(ms: number, fn: () => void): () => void {
    if (ms <= 0) {
      const immediate = setImmediate(fn);
      return () => clearImmediate(immediate);
    }
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  }

  adjust(to: Date): void {
    this.offsetMs = to.getTime() - Date.now();
    this.isAdjusted = true;
  }

  /** How far the Central System's time is from the system's; null until it has set the clock. */
  get adjustmentMs(): number | null {
    return this.isAdjusted ? this.offsetMs : null;
  }
}
