import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";

/**
 * The install under way, in dataDir/firmware/install.json: written by the executable that installs,
 * read by the new one at its start, by the watchdog, and by the previous one when it runs again.
 * The file (not the database) because the watchdog reads it while the station holds the database.
 */
export type InstallJournal = {
  /** trial: the new image runs from `staged`, the previous one still at `executable`; confirming: it booted and registered, the rename is under way. */
  phase: "trial" | "confirming";
  /** The installed executable's path: the previous one stays there until the new one is confirmed. */
  executable: string;
  /** The new image beside it; renamed over `executable` once confirmed. */
  staged: string;
  /** Where the replaced executable is kept (a hard link). */
  previous: string;
  /** How the station was started, for the watchdog to start it again. */
  args: string[];
  cwd: string;
  from: string;
  to: { version: string; dev: number; ino: number };
  startedAt: string;
  /** When the trial boot must have registered; the watchdog acts after it. */
  deadlineAt: string;
  /** The process of the trial (the same PID across execve, a new one after a restart). */
  pid: number;
  watchdogPid: number | null;
};

export function firmwareDir(dataDir: string): string {
  return join(dataDir, "firmware");
}

export function journalFile(dataDir: string): string {
  return join(firmwareDir(dataDir), "install.json");
}

/** The watchdog's reason for ending a trial, read by the previous executable when it reports InstallationFailed. */
export function verdictFile(dataDir: string): string {
  return join(firmwareDir(dataDir), "watchdog-verdict.txt");
}

/** The journal, or undefined when there is none (or it is unreadable: nothing is under way that can be trusted). */
export function readJournal(file: string): InstallJournal | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const journal = JSON.parse(readFileSync(file, "utf8")) as InstallJournal;
    return journal.phase === "trial" || journal.phase === "confirming" ? journal : undefined;
  } catch {
    return undefined;
  }
}

/** Atomic and durable: a power cut leaves the old journal or the new one. */
export function writeJournal(file: string, journal: InstallJournal): void {
  writeDurably(file, JSON.stringify(journal, null, 2));
}

export function writeDurably(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, "w", 0o600);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  syncDirectory(dirname(file));
}

export function removeDurably(file: string): void {
  if (!existsSync(file)) return;
  rmSync(file, { force: true });
  syncDirectory(dirname(file));
}

/** A rename or unlink in `dir` survives a power cut once the directory itself is synced. */
export function syncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
