import type { Database } from "bun:sqlite";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { logFilePaths } from "../log/log-file.ts";
import { databaseFileName } from "./db.ts";
import { storeMarkerFileName, type MarkerReading } from "./store-marker.ts";

/** The database as found: no file, a file of 0 bytes, or a database with its generation and number of tables. */
export type DatabaseState = { kind: "missing" } | { kind: "empty" } | { kind: "present"; generation: number; tableCount: number };

/** What the station and diag say about a damaged store after what is wrong: how to recover deliberately. */
export function storeRecoveryHint(configFile = "<the station's configuration file>"): string {
  return (
    "The station will not start it as a new database: it may hold transactions the Central System has not seen. " +
    `To keep it aside (renamed, never deleted) and start with a new database: csc22b7 store reset --config ${configFile}`
  );
}

/** Whether the file is there and holds anything, without opening it (SQLite would create a missing file and drop the WAL of an empty one). */
export function databaseFileState(file: string): "missing" | "empty" | "present" {
  try {
    return statSync(file).size === 0 ? "empty" : "present";
  } catch {
    return "missing";
  }
}

export function readDatabaseContents(sqlite: Database): Extract<DatabaseState, { kind: "present" }> {
  const generation = sqlite.query<{ user_version: number }, []>("PRAGMA user_version").get()?.user_version ?? 0;
  const tableCount = sqlite.query<{ n: number }, []>("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get()?.n ?? 0;
  return { kind: "present", generation, tableCount };
}

/**
 * Why this database is not what the station left, or null. SQLite sees a valid, empty or older
 * database; the station sees that it ran here before: its marker's generation, or (without a
 * marker, as before firmware that writes one) the files earlier runs left in dataDir.
 */
export function findStoreDamage(marker: MarkerReading, database: DatabaseState, dataDir: string): string | null {
  const wal = `${databaseFileName}-wal`;
  if (marker.kind === "ok") {
    const { generation } = marker.marker;
    if (generation === 0) return null; // new, or reset on purpose: a new database is expected
    const before = `though the station has opened it ${times(generation)} (${storeMarkerFileName})`;
    if (database.kind === "missing") return `the file is missing, ${before}`;
    if (database.kind === "empty") return `the file is empty (0 bytes), ${before}`;
    if (database.generation >= generation) return null;
    if (database.tableCount === 0) return `it holds no data, ${before}: its write-ahead log ${wal} was probably deleted`;
    return `it is older than the station left it (opened ${times(database.generation)} of ${generation}, ${storeMarkerFileName}): its write-ahead log ${wal} was probably deleted, and with it what was written since`;
  }
  const isBlank = database.kind !== "present" || database.tableCount === 0;
  if (!isBlank) return null;
  const traces = earlierRunTraces(dataDir);
  if (traces.length === 0) return null;
  const before = `though the station ran on this data directory before (found ${traces.join(", ")})`;
  if (database.kind === "missing") return `the file is missing, ${before}`;
  if (database.kind === "empty") return `the file is empty (0 bytes), ${before}`;
  return `it holds no data, ${before}: its write-ahead log ${wal} was probably deleted`;
}

function times(count: number): string {
  return count === 1 ? "once" : `${count} times`;
}

/** Files that only a station that had opened its store leaves in dataDir. */
function earlierRunTraces(dataDir: string): string[] {
  const { current, rotated } = logFilePaths(dataDir);
  const traces: string[] = [];
  // Written by the virtual board (drivers/world-state-file.ts), which is created after the store.
  if (existsSync(join(dataDir, "virtual-world.json"))) traces.push("virtual-world.json");
  if (existsSync(rotated) || logsOpenedStore(current)) traces.push("logs/station.log");
  return traces;
}

/** run.ts logs "database open" once the store is open; the start that is checking has not yet. */
function logsOpenedStore(logFile: string): boolean {
  try {
    return / store: database open /.test(readFileSync(logFile, "utf8"));
  } catch {
    return false;
  }
}

/** The store lost what earlier runs wrote: never waited out, never started as new (README "A damaged store"). */
export class StoreDamageError extends Error {
  override readonly name = "StoreDamageError";
}

/** Whether a damage finding is anywhere in the error's cause chain. */
export function isStoreDamage(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) if (cause instanceof StoreDamageError) return true;
  return false;
}
