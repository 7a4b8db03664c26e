import { copyFileSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { databaseFileName } from "../store/db.ts";

/** The database and its write-ahead log, which after a power loss may hold nearly everything. */
const copiedFiles = [databaseFileName, `${databaseFileName}-wal`];

export type StoreCopy = { file: string; dispose(): void };

/**
 * A copy of a stopped station's database (with its WAL) in a temporary folder. Reading the copy
 * takes no lock on the station's files and creates nothing in dataDir, so a station that starts
 * meanwhile never meets diag in its database. A copy whose files changed while it was taken (the
 * station started) is taken again; the caller asks the station again after reading anyway.
 */
export function copyStore(dataDir: string, attempts = 3): StoreCopy {
  const folder = mkdtempSync(join(tmpdir(), "csc22b7-diag-"));
  const dispose = () => rmSync(folder, { recursive: true, force: true });
  try {
    for (let attempt = 1; ; attempt++) {
      const before = copiedFiles.map((name) => fingerprint(join(dataDir, name)));
      for (const name of copiedFiles) copyIfPresent(join(dataDir, name), join(folder, name));
      const after = copiedFiles.map((name) => fingerprint(join(dataDir, name)));
      if (before.join() === after.join() || attempt >= attempts) break;
    }
    return { file: join(folder, databaseFileName), dispose };
  } catch (error) {
    dispose();
    throw error;
  }
}

function fingerprint(file: string): string {
  try {
    const stats = statSync(file);
    return `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
  } catch {
    return "none";
  }
}

function copyIfPresent(from: string, to: string): void {
  try {
    copyFileSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    rmSync(to, { force: true }); // gone since the last attempt: so is its copy
  }
}
