import { SystemClock } from "../../src/cli/system-clock.ts";

/** Real time, for integration tests against real sockets. */
export const systemClock = new SystemClock();

/** Polls `predicate` until it holds; fails after a generous bound so a broken test cannot hang. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(5);
  }
}
