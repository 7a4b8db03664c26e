import { chmodSync, lstatSync, mkdirSync, readdirSync, statSync, type Stats } from "node:fs";
import { join } from "node:path";

/**
 * dataDir holds the AuthorizationKey (station.db) and the log: only the station's user may read it.
 * From here on everything this process creates is owner-only (umask 077: files 0600, folders 0700),
 * dataDir is created 0700, and what an earlier firmware or a person left readable by group or others
 * is tightened (owner bits kept). Returns the paths that could not be tightened, for the log.
 */
export function secureDataDir(dataDir: string): string[] {
  process.umask(0o077);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const notTightened: string[] = [];
  const tighten = (path: string, stats: Stats) => {
    if ((stats.mode & 0o077) === 0) return;
    try {
      chmodSync(path, stats.mode & 0o700);
    } catch {
      notTightened.push(path); // e.g. a file another user owns
    }
  };
  tighten(dataDir, statSync(dataDir));
  const pending = [dataDir];
  while (pending.length > 0) {
    const folder = pending.pop()!;
    for (const name of namesIn(folder)) {
      const path = join(folder, name);
      const stats = lstatOrUndefined(path);
      // A link is left alone: chmod would follow it out of dataDir.
      if (!stats || stats.isSymbolicLink()) continue;
      tighten(path, stats);
      if (stats.isDirectory()) pending.push(path);
    }
  }
  return notTightened;
}

function namesIn(folder: string): string[] {
  try {
    return readdirSync(folder);
  } catch {
    return [];
  }
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined; // removed meanwhile
  }
}
