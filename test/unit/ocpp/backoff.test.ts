import { describe, expect, test } from "bun:test";
import { Backoff } from "../../../src/ocpp/backoff.ts";

describe("Backoff", () => {
  test("waits stay within [min, max] whatever the randomness", () => {
    for (const random of [() => 0, () => 0.999999, Math.random]) {
      const backoff = new Backoff({ minMs: 100, maxMs: 5_000 }, random);
      const delays = Array.from({ length: 60 }, () => backoff.next());
      expect(Math.min(...delays)).toBeGreaterThanOrEqual(100);
      expect(Math.max(...delays)).toBeLessThanOrEqual(5_000);
    }
  });

  test("waits grow exponentially until they reach the maximum", () => {
    const backoff = new Backoff({ minMs: 100, maxMs: 5_000 }, () => 1);
    expect(Array.from({ length: 8 }, () => backoff.next())).toEqual([100, 200, 400, 800, 1_600, 3_200, 5_000, 5_000]);
  });

  test("jitter spreads the waits of stations that failed together", () => {
    const delays = new Set(Array.from({ length: 20 }, () => {
      const backoff = new Backoff({ minMs: 1_000, maxMs: 60_000 });
      for (let i = 0; i < 4; i++) backoff.next();
      return backoff.next();
    }));
    expect(delays.size).toBeGreaterThan(5);
  });

  test("a reset starts again from the minimum", () => {
    const backoff = new Backoff({ minMs: 100, maxMs: 5_000 }, () => 1);
    for (let i = 0; i < 10; i++) backoff.next();
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  test("bounds that make no sense are refused", () => {
    expect(() => new Backoff({ minMs: 0, maxMs: 10 })).toThrow(RangeError);
    expect(() => new Backoff({ minMs: 10, maxMs: 5 })).toThrow(RangeError);
  });
});
