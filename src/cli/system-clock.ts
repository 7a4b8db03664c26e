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
   * Even a zero delay is a timer (about 1 ms, a wake-up of its own). A setImmediate instead saved 8
   * wake-ups a second idle but, measured, made the answer-first CALLRESULT wait for the work behind
   * it (RemoteStopTransaction p50 0.3 → 1.0 ms; issue 18): that work then ran before the answer reached
   * the socket, so zero delays stay timers.
   */
  after(ms: number, fn: () => void): () => void {
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
