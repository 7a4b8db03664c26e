import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { errorText } from "../log/logger.ts";
import { databaseFileName, StoreError } from "./db.ts";
import { readStoreMarker, writeStoreMarker } from "./store-marker.ts";

/** The database and SQLite's files beside it, kept together so that the kept copy opens with its WAL. */
const databaseFiles = ["", "-wal", "-shm"].map((suffix) => databaseFileName + suffix);

/**
 * Keeps the database aside, renamed with the time (station.db.20260301T100000Z, with its -wal and
 * -shm), never deleted, and records in the store marker that the next start may create a new
 * database. Only while no station runs on `dataDir` (the caller holds its control socket).
 */
export function resetStore(dataDir: string, now: Date): { keptAside: string[] } {
  const stamp = freeStamp(dataDir, now.toISOString().replace(/[-:]|\.\d+/g, ""));
  const keptAside: string[] = [];
  for (const name of databaseFiles) {
    const from = join(dataDir, name);
    if (!existsSync(from)) continue;
    const to = join(dataDir, name.replace(databaseFileName, `${databaseFileName}.${stamp}`));
    try {
      renameSync(from, to);
    } catch (cause) {
      throw new StoreError(`keeping ${from} aside as ${to} failed: ${errorText(cause)}`, { cause });
    }
    keptAside.push(to);
  }
  const marker = readStoreMarker(dataDir);
  const previous = marker.kind === "ok" ? marker.marker : undefined;
  // Written after the renames and durable with them (the folder is synced): a new database is expected.
  writeStoreMarker(dataDir, { ...previous, generation: 0, updatedAt: now.toISOString(), reset: { at: now.toISOString(), keptAside } });
  return { keptAside };
}

/** Two resets within a second get different names. */
function freeStamp(dataDir: string, stamp: string): string {
  const isTaken = (candidate: string) => databaseFiles.some((name) => existsSync(join(dataDir, name.replace(databaseFileName, `${databaseFileName}.${candidate}`))));
  let candidate = stamp;
  for (let n = 2; isTaken(candidate); n++) candidate = `${stamp}-${n}`;
  return candidate;
}
