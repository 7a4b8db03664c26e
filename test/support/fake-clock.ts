import type { AdjustableClock } from "../../src/station/ports.ts";

type Timer = { at: number; seq: number; fn: () => void };

/** A Clock that moves only when the test says so; due timers run in time order. */
export class FakeClock implements AdjustableClock {
  private nowMs: number;
  private seq = 0;
  private timers: Timer[] = [];
  /** Where a running advance stops; an adjust() during it moves this too. */
  private advanceEnd: number | undefined;

  constructor(start: Date | string = "2025-01-01T00:00:00Z") {
    this.nowMs = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.nowMs);
  }

  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.nowMs + Math.max(0, ms), seq: this.seq++, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((t) => t !== timer);
    };
  }

  /** Sets the time as a Central System would; pending timers keep their remaining delays. */
  adjust(to: Date): void {
    const shift = to.getTime() - this.nowMs;
    for (const timer of this.timers) timer.at += shift;
    if (this.advanceEnd !== undefined) this.advanceEnd += shift;
    this.nowMs = to.getTime();
  }

  /** Moves time forward by `ms`, running every timer that falls due, including ones they schedule. */
  advance(ms: number): void {
    this.advanceEnd = this.nowMs + ms;
    for (let timer = this.nextDue(this.advanceEnd); timer !== undefined; timer = this.nextDue(this.advanceEnd)) {
      this.timers = this.timers.filter((t) => t !== timer);
      this.nowMs = timer.at;
      timer.fn();
    }
    this.nowMs = this.advanceEnd;
    this.advanceEnd = undefined;
  }

  /** Like `advance`, but lets promise callbacks run after each timer. */
  async advanceAsync(ms: number): Promise<void> {
    this.advanceEnd = this.nowMs + ms;
    await flushPromises();
    for (let timer = this.nextDue(this.advanceEnd); timer !== undefined; timer = this.nextDue(this.advanceEnd)) {
      this.timers = this.timers.filter((t) => t !== timer);
      this.nowMs = timer.at;
      timer.fn();
      await flushPromises();
    }
    this.nowMs = this.advanceEnd;
    this.advanceEnd = undefined;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  private nextDue(end: number): Timer | undefined {
    let next: Timer | undefined;
    for (const timer of this.timers) {
      if (timer.at <= end && (next === undefined || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq))) {
        next = timer;
      }
    }
    return next;
  }
}

/** Lets every already-queued promise callback run. */
export async function flushPromises(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
