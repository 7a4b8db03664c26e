import { statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { dataDirProblems } from "../config/data-dir-problems.ts";
import { errorText } from "../log/logger.ts";
import { databaseFileName, openStoreReadonly, type Store } from "../store/db.ts";
import { databaseFileState, findStoreDamage, readDatabaseContents, storeRecoveryHint } from "../store/store-damage.ts";
import { readStoreMarker } from "../store/store-marker.ts";
import type { StoreReport } from "./diag-report.ts";
import { copyStore } from "./store-copy.ts";

/**
 * The database opened read-only, or why not. `damage` says why the station would refuse it
 * (store-damage.ts); `hasData` whether it has tables to read.
 */
export type ReadonlyStore =
  | { kind: "open"; store: Store; damage: string | null; hasData: boolean; dispose(): void }
  | { kind: "absent"; file: string; state: "missing" | "empty"; damage: string | null }
  | { kind: "unreadable"; file: string; reason: string };

/**
 * The running station's database is read in place, beside it (WAL lets it read while the station
 * writes); a stopped station's from a copy (store-copy.ts), so a station that starts meanwhile never
 * meets diag in its files.
 */
export function openReadonly(dataDir: string, isRunning: boolean): ReadonlyStore {
  const file = join(dataDir, databaseFileName);
  const marker = readStoreMarker(dataDir);
  const state = databaseFileState(file);
  if (state !== "present") return { kind: "absent", file, state, damage: findStoreDamage(marker, { kind: state }, dataDir) };
  let copy: ReturnType<typeof copyStore> | undefined;
  let store: Store | undefined;
  try {
    copy = isRunning ? undefined : copyStore(dataDir);
    store = openStoreReadonly(dataDir, copy ? { copy: copy.file } : {});
    const contents = readDatabaseContents(store.sqlite);
    const opened = store;
    const dispose = () => {
      opened.close();
      copy?.dispose();
    };
    return { kind: "open", store, damage: findStoreDamage(marker, contents, dataDir), hasData: contents.tableCount > 0, dispose };
  } catch (error) {
    store?.close();
    copy?.dispose();
    return { kind: "unreadable", file, reason: errorText(error).replace(`cannot read database ${file}: `, "") };
  }
}

/** Size (with the WAL), SQLite's quick_check, whether the station would refuse it, and whether it can be written. */
export function storeReport(opened: ReadonlyStore, configFile: string): StoreReport {
  const file = opened.kind === "open" ? opened.store.file : opened.file;
  const problems: string[] = [];
  let integrity: string;
  if (opened.kind === "absent") {
    integrity = opened.state === "missing" ? "missing" : "the file is empty (0 bytes)";
  } else if (opened.kind === "unreadable") {
    integrity = `cannot be read: ${opened.reason}`;
    problems.push(integrity);
  } else {
    integrity = quickCheck(opened.store);
    if (integrity !== "ok") problems.push(integrity);
  }
  if (opened.kind !== "unreadable" && opened.damage) problems.push(`${opened.damage}. ${storeRecoveryHint(configFile)}`);
  if (opened.kind !== "absent" || opened.state !== "missing") problems.push(...writeProblems(file));
  return { file, sizeBytes: sizeOf(file) + sizeOf(`${file}-wal`), integrity, problems };
}

function quickCheck({ sqlite }: Store): string {
  try {
    const rows = sqlite.query<{ quick_check: string }, []>("PRAGMA quick_check").all();
    const problems = rows.map((row) => row.quick_check).filter((text) => text !== "ok");
    return problems.length === 0 ? "ok" : `integrity check failed: ${problems.slice(0, 3).join("; ")}`;
  } catch (error) {
    return `cannot be checked: ${errorText(error)}`;
  }
}

/**
 * A database the station cannot write is no better than a broken one. diag runs as the station's
 * user (the control socket is owner-only), so what this user may not write (config/data-dir-problems.ts),
 * the station may not either; and a file without its owner's write permission is read-only even
 * where root could still write it.
 */
function writeProblems(file: string): string[] {
  const denied = dataDirProblems(dirname(file));
  if (denied.length > 0) return denied;
  return ["", "-wal", "-shm"].flatMap((suffix) => {
    const mode = modeOf(file + suffix);
    if (mode === undefined || (mode & 0o200) !== 0) return [];
    return [`${basename(file + suffix)} is read-only (mode ${(mode & 0o777).toString(8).padStart(4, "0")}): the station cannot record anything`];
  });
}

function modeOf(file: string): number | undefined {
  try {
    return statSync(file).mode;
  } catch {
    return undefined; // no WAL or index yet: nothing to write to
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // no WAL file: nothing to add
  }
}
