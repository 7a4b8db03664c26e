/** Preloaded for every test file (bunfig.toml): see cleanup.ts. */
import { afterAll, afterEach, beforeEach } from "bun:test";
import { cleanupHooks } from "./cleanup.ts";

beforeEach(() => cleanupHooks.testStarted());
afterEach(() => cleanupHooks.testEnded());
afterAll(() => cleanupHooks.runEnded());
