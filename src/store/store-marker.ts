import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import * as v from "valibot";
import { errorText } from "../log/logger.ts";
import { StoreError } from "./db.ts";

/**
 * Beside station.db, written by the station at each start: how many times it has opened its
 * database (the database's generation, also kept in the database as PRAGMA user_version). A
 * database older than its marker has lost what the station wrote: SQLite cannot tell, the marker can.
 */
export const storeMarkerFileName = "store-marker.json";

const StoreMarker = v.object({
  generation: v.pipe(v.number(), v.integer(), v.minValue(0)),
  updatedAt: v.string(),
  /** Set by `csc22b7 store reset`: the next start may create a new database. */
  reset: v.optional(v.object({ at: v.string(), keptAside: v.array(v.string()) })),
});
export type StoreMarker = v.InferOutput<typeof StoreMarker>;

export type MarkerReading = { kind: "none" } | { kind: "ok"; marker: StoreMarker } | { kind: "unreadable"; file: string; reason: string };

export function storeMarkerPath(dataDir: string): string {
  return join(dataDir, storeMarkerFileName);
}

export function readStoreMarker(dataDir: string): MarkerReading {
  const file = storeMarkerPath(dataDir);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
    return { kind: "unreadable", file, reason: errorText(error) };
  }
  try {
    return { kind: "ok", marker: v.parse(StoreMarker, JSON.parse(text)) };
  } catch (error) {
    return { kind: "unreadable", file, reason: errorText(error) };
  }
}

/** Replaced atomically and durably (temp file, fsync, rename, fsync of the folder): a power loss leaves the old or the new one. */
export function writeStoreMarker(dataDir: string, marker: StoreMarker): void {
  const file = storeMarkerPath(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  try {
    const fd = openSync(temp, "w", 0o600);
    try {
      writeSync(fd, JSON.stringify(marker, null, 2) + "\n");
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
    syncFolder(dataDir);
  } catch (cause) {
    throw new StoreError(`writing the store marker ${file} failed: ${errorText(cause)}`, { cause });
  }
}

/** Makes renames in `dir` durable. */
export function syncFolder(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
