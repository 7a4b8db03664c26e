export type BackoffOptions = { minMs: number; maxMs: number };

/**
 * Exponential back-off with jitter, always within [minMs, maxMs] (J§3.2, JE3.3: retry without
 * overloading the Central System). Jitter spreads a fleet that lost the same server.
 */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly options: BackoffOptions,
    private readonly random: () => number = Math.random,
  ) {
    if (!(options.minMs > 0 && options.maxMs >= options.minMs)) {
      throw new RangeError(`backoff needs 0 < minMs <= maxMs, got ${options.minMs}..${options.maxMs}`);
    }
  }

  /** The wait before the next attempt; each call counts one more failure. */
  next(): number {
    const { minMs, maxMs } = this.options;
    const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    const jittered = ceiling * (0.5 + this.random() / 2);
    return Math.round(Math.min(maxMs, Math.max(minMs, jittered)));
  }

  reset(): void {
    this.failures = 0;
  }
}
