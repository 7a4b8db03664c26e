import { chmodSync, copyFileSync, existsSync, linkSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { syncDirectory } from "./install-journal.ts";

export type FileIdentity = { dev: number; ino: number };

/** Where the new image waits beside the executable, and where the replaced one is kept. */
export function besideExecutable(executable: string): { staged: string; previous: string } {
  const dir = dirname(executable);
  const name = basename(executable);
  return { staged: join(dir, `${name}.new`), previous: join(dir, `${name}.previous`) };
}

export function identityOf(path: string): FileIdentity | undefined {
  try {
    const stats = statSync(path);
    return { dev: stats.dev, ino: stats.ino };
  } catch {
    return undefined;
  }
}

/** The file this process runs from, wherever it has been renamed to since it started. */
export function runningIdentity(): FileIdentity | undefined {
  return identityOf("/proc/self/exe");
}

export function isSameFile(a: FileIdentity | undefined, b: FileIdentity | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/** Moves the checked image beside the executable (a copy when it is on another file system), executable and on disk. */
export function stageImage(image: string, staged: string): FileIdentity {
  rmSync(staged, { force: true });
  try {
    renameSync(image, staged);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    copyFileSync(image, staged);
    rmSync(image, { force: true });
  }
  chmodSync(staged, 0o755);
  syncDirectory(dirname(staged));
  return identityOf(staged)!;
}

/**
 * The atomic replace: the running executable is kept as `previous` (a hard link, or a copy where
 * links are not possible), then `staged` is renamed over `executable`. At every moment the path holds
 * a complete executable, the old one or the new one.
 */
export function replaceExecutable(paths: { executable: string; staged: string; previous: string }, pauseForTest: () => void): void {
  const { executable, staged, previous } = paths;
  if (!existsSync(staged)) return; // renamed before a power cut: done already
  rmSync(previous, { force: true });
  try {
    linkSync(executable, previous);
  } catch {
    copyFileSync(executable, previous);
  }
  syncDirectory(dirname(executable));
  pauseForTest();
  renameSync(staged, executable);
  syncDirectory(dirname(executable));
}
