import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { errorText } from "../log/logger.ts";
import { databaseFileName, openStoreReadonly, type Store } from "../store/db.ts";
import type { StoreReport } from "./diag-report.ts";

/** The database opened read-only beside the station (WAL lets it read while the station writes), or why not. */
export type ReadonlyStore = { kind: "open"; store: Store } | { kind: "missing"; file: string } | { kind: "unreadable"; file: string; reason: string };

export function openReadonly(dataDir: string): ReadonlyStore {
  const file = join(dataDir, databaseFileName);
  if (!existsSync(file)) return { kind: "missing", file };
  try {
    return { kind: "open", store: openStoreReadonly(dataDir) };
  } catch (error) {
    return { kind: "unreadable", file, reason: errorText(error) };
  }
}

/** Size (with the WAL) and SQLite's quick_check: fast, and read-only. */
export function storeReport(opened: ReadonlyStore): StoreReport {
  if (opened.kind === "missing") return { file: opened.file, sizeBytes: 0, integrity: "missing" };
  if (opened.kind === "unreadable") return { file: opened.file, sizeBytes: sizeOf(opened.file), integrity: `cannot be read: ${opened.reason}` };
  const { file, sqlite } = opened.store;
  try {
    const rows = sqlite.query<{ quick_check: string }, []>("PRAGMA quick_check").all();
    const problems = rows.map((row) => row.quick_check).filter((text) => text !== "ok");
    return { file, sizeBytes: sizeOf(file) + sizeOf(`${file}-wal`), integrity: problems.length === 0 ? "ok" : `integrity check failed: ${problems.slice(0, 3).join("; ")}` };
  } catch (error) {
    return { file, sizeBytes: sizeOf(file), integrity: `cannot be checked: ${errorText(error)}` };
  }
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0; // no WAL file: nothing to add
  }
}
