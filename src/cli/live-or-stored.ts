import type { LoadedConfig } from "../config/load.ts";
import { askStation, controlSocketPath } from "../control/control-socket.ts";
import type { ControlAnswer, DiagRequest } from "../diag/diag-request.ts";
import { StoredStation } from "../diag/stored-station.ts";

/** How long diag waits for a station that is starting (its control socket answers, its diag not yet) or busy. */
const startingWaitMs = 10_000;
const askAgainMs = 50;

/**
 * The running station's answer; undefined when no station runs. A station that is still starting, or
 * too busy to take the connection, is asked again until it answers; one that went away while
 * answering (killed) is asked again too, and then is not running. Any other refusal is an error.
 */
export async function askRunning<T>(dataDir: string, request: DiagRequest, timeoutMs?: number): Promise<T | undefined> {
  const deadline = Date.now() + startingWaitMs;
  for (;;) {
    const answer = await askOnce(dataDir, request, timeoutMs);
    if (answer === undefined) return undefined;
    if (answer !== "gone" && answer.ok) return answer.data as T;
    if (answer !== "gone" && !isWorthAnotherTry(answer)) throw new Error(`diag: ${answer.reason}`);
    const why = answer === "gone" ? "it closed the connection without an answer" : answer.reason;
    if (Date.now() > deadline) throw new Error(`diag: the station did not answer within ${startingWaitMs / 1000} s: ${why}`);
    await Bun.sleep(askAgainMs);
  }
}

/**
 * The running station's answer, or what a stopped station's database says. A station that began to
 * start while diag read its database is asked after all: its answer wins over the database.
 */
export async function liveOrStored<L, S>(loaded: LoadedConfig, request: DiagRequest, read: (stored: StoredStation) => S): Promise<{ live: L } | { stored: S }> {
  const { dataDir } = loaded.config;
  const live = await askRunning<L>(dataDir, request);
  if (live !== undefined) return { live };
  let stored: { value: S } | { error: unknown };
  try {
    stored = { value: withStored(loaded, false, read) };
  } catch (error) {
    stored = { error };
  }
  const late = await askRunning<L>(dataDir, request);
  if (late !== undefined) return { live: late };
  if ("error" in stored) throw stored.error;
  return { stored: stored.value };
}

/** Reads the database (in place beside a running station, else a copy) and closes it again. */
export function withStored<T>(loaded: LoadedConfig, isRunning: boolean, read: (stored: StoredStation) => T): T {
  const stored = StoredStation.open(loaded, isRunning);
  try {
    return read(stored);
  } finally {
    stored.close();
  }
}

async function askOnce(dataDir: string, request: DiagRequest, timeoutMs: number | undefined): Promise<ControlAnswer | undefined | "gone"> {
  try {
    return await askStation(dataDir, { command: "diag", request }, timeoutMs);
  } catch (error) {
    const code = errorCode(error);
    // The socket is owner-only: the station's user (or root) may ask it, nobody else.
    if (code === "EACCES") throw new Error(`diag: no permission to use ${controlSocketPath(dataDir)}: run diag as the user the station runs as`);
    if (code === "ECONNRESET" || code === "EPIPE") return "gone";
    throw error;
  }
}

/**
 * cli/run.ts answers "the station is starting" while it builds the station (the control socket is
 * bound first, as the lock); the control socket answers "the station is busy" at its connection limit.
 */
function isWorthAnotherTry(answer: { reason: string }): boolean {
  return /^the station is (starting|busy)/.test(answer.reason);
}

/** askStation reports a connection cut off by the station as an error with the socket's error as its cause. */
function errorCode(error: unknown): string | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    const { code } = current as NodeJS.ErrnoException;
    if (code) return code;
  }
  return undefined;
}
