/**
 * What a test leaves behind (temporary directories, station processes, Central Systems) is undone
 * after it by the hooks of cleanup-hooks.ts, which bunfig.toml preloads for every test file.
 *
 * Not a hook at the top of a support module: bun evaluates a module once per run, so such a hook is
 * registered for the first test file that imports the module and never for the others. Their stations
 * then ran on after the test, reconnecting to their Central System's closed port (which a later test's
 * Central System may get), and their directories stayed in /tmp.
 */
type Cleanup = () => void | Promise<void>;

let isInTest = false;
const afterTest: Cleanup[] = [];
const afterRun: Cleanup[] = [];

/** Runs `cleanup` after the current test, or after the whole run when called outside a test (beforeAll, describe). */
export function afterThisTest(cleanup: Cleanup): void {
  (isInTest ? afterTest : afterRun).push(cleanup);
}

/** Runs `cleanup` once every test file has run. */
export function afterTheRun(cleanup: Cleanup): void {
  afterRun.push(cleanup);
}

/** Called by cleanup-hooks.ts only. */
export const cleanupHooks = {
  testStarted(): void {
    isInTest = true;
  },
  testEnded(): Promise<void> {
    isInTest = false;
    return runNewestFirst(afterTest);
  },
  runEnded(): Promise<void> {
    return runNewestFirst(afterRun);
  },
};

/** Newest first (a station stops before its directory goes); every cleanup runs, the first failure is thrown after them. */
async function runNewestFirst(cleanups: Cleanup[]): Promise<void> {
  const failures: unknown[] = [];
  for (const cleanup of cleanups.splice(0).reverse()) {
    try {
      await cleanup();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length > 0) throw failures[0];
}
