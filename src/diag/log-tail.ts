import { closeSync, openSync, readFileSync, readSync, statSync, type Stats } from "node:fs";
import { logFilePaths } from "../log/log-file.ts";
import { redactSecrets } from "../log/redact-secrets.ts";

/** The last `count` lines the station logged (across the rotated file), or null when it keeps no log yet. */
export function lastLogLines(dataDir: string, count: number): { file: string; lines: string[] } | null {
  const { current, rotated } = logFilePaths(dataDir);
  if (!statOrNull(current)) return null;
  let lines = linesOf(readFileSync(current, "utf8"));
  if (lines.length < count && statOrNull(rotated)) lines = [...linesOf(readFileSync(rotated, "utf8")), ...lines];
  return { file: current, lines: count === 0 ? [] : lines.slice(-count) };
}

/** When the station last logged anything: after a crash, the best guess of when it stopped. */
export function lastLoggedAt(dataDir: string): Date | null {
  return statOrNull(logFilePaths(dataDir).current)?.mtime ?? null;
}

/**
 * Calls `onLine` with every line logged from now on, until `isStopped()`. Polls, because the
 * station rotates the file: the rest of the old file is read from station.log.1 first.
 */
export async function followLog(dataDir: string, onLine: (line: string) => void, isStopped: () => boolean, pollMs = 200): Promise<void> {
  const { current, rotated } = logFilePaths(dataDir);
  const start = statOrNull(current);
  let position = { ino: start?.ino ?? null, offset: start?.size ?? 0 };
  let partial = "";
  const emit = (text: string) => {
    const parts = (partial + text).split("\n");
    partial = parts.pop() ?? "";
    for (const line of parts) onLine(redactSecrets(line));
  };
  while (!isStopped()) {
    await Bun.sleep(pollMs);
    const now = statOrNull(current);
    if (!now) continue;
    if (now.ino !== position.ino) {
      const old = statOrNull(rotated);
      if (old && old.ino === position.ino) emit(readRange(rotated, position.offset, old.size));
      position = { ino: now.ino, offset: 0 };
    }
    if (now.size < position.offset) position.offset = 0;
    if (now.size > position.offset) {
      emit(readRange(current, position.offset, now.size));
      position.offset = now.size;
    }
  }
}

function readRange(file: string, from: number, to: number): string {
  const fd = openSync(file, "r");
  try {
    const buffer = Buffer.alloc(Math.max(0, to - from));
    const read = readSync(fd, buffer, 0, buffer.length, from);
    return buffer.subarray(0, read).toString("utf8");
  } finally {
    closeSync(fd);
  }
}

/** Redacted again: a log written by an older firmware may still hold a secret in clear. */
function linesOf(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => line !== "")
    .map(redactSecrets);
}

function statOrNull(file: string): Stats | null {
  try {
    return statSync(file);
  } catch {
    return null; // not created yet, or being rotated this instant
  }
}
