import { accessSync, constants, statSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";

/** The files in dataDir the station writes from its first statement on (store/db.ts). */
const databaseFiles = ["station.db", "station.db-wal", "station.db-shm"];

/**
 * Why this user could not run a station on `dataDir`, as `dataDir: <reason>` lines (none when it
 * can): it must be a directory or creatable as one, writable, and so must the database in it.
 * Checked at start and by `config check`, so that none of this surfaces later as a bare errno.
 */
export function dataDirProblems(dataDir: string): string[] {
  const existing = nearestExisting(dataDir);
  if (!existing) return [];
  const { path, stats } = existing;
  const isDataDir = path === dataDir;
  if (!stats.isDirectory()) {
    return [isDataDir ? `${dataDir} is a file, not a directory` : `${dataDir} cannot be created: ${path} is a file, not a directory`];
  }
  const denied = accessFailure(path, constants.W_OK | constants.X_OK);
  if (denied) return [isDataDir ? `${dataDir} is not writable by this user: ${denied}` : `${dataDir} cannot be created in ${path}: ${denied}`];
  if (!isDataDir) return [];
  return databaseFiles.flatMap((name) => {
    const file = join(dataDir, name);
    const fileStats = statOrUndefined(file);
    if (!fileStats) return [];
    if (!fileStats.isFile()) return [`${file} is not a file`];
    const fileDenied = accessFailure(file, constants.R_OK | constants.W_OK);
    return fileDenied ? [`${file} is read-only for this user: ${fileDenied}`] : [];
  });
}

/** dataDir itself, or the closest folder above it that exists (mkdir -p starts there). */
function nearestExisting(dataDir: string): { path: string; stats: Stats } | undefined {
  for (let path = dataDir; ; path = dirname(path)) {
    const stats = statOrUndefined(path);
    if (stats) return { path, stats };
    if (dirname(path) === path) return undefined;
  }
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined; // missing, or below a file (ENOTDIR): the caller looks further up
  }
}

function accessFailure(path: string, mode: number): string | undefined {
  try {
    accessSync(path, mode);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "EACCES" || code === "EPERM" ? "permission denied" : code === "EROFS" ? "read-only file system" : String(error);
  }
}
