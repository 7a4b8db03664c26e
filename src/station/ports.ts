/** Time as the domain sees it; tests drive it with a FakeClock. */
export interface Clock {
  now(): Date;
  /** Runs `fn` once after `ms`; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

/** Where values the Central System changed are kept; `save` is durable before it returns. */
export interface ConfigurationStore {
  loadAll(): Map<string, string>;
  save(key: string, value: string): void;
}
