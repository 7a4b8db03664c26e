import { Database } from "bun:sqlite";
import { chmodSync, mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { drizzle, type BunSQLiteDatabase } from "drizzle-orm/bun-sqlite";
import type { MigrationMeta } from "drizzle-orm/migrator";
import { errorText } from "../log/logger.ts";
import { embeddedMigrations } from "./migrations.macro.ts" with { type: "macro" };
import * as schema from "./schema.ts";

export const databaseFileName = "station.db";
export const migrations: MigrationMeta[] = embeddedMigrations();

export type StoreDb = BunSQLiteDatabase<typeof schema> & { $client: Database };

/** How long a statement waits for another process's lock (a diag reading, a backup) before it fails. */
export const busyTimeoutMs = 5_000;

/** The station's database could not be opened, migrated, read or written; names the file. */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "StoreError";
  }
}

/**
 * For every transaction that writes: it takes the write lock at BEGIN, where SQLite waits out another
 * connection's lock (busy_timeout). A deferred transaction that reads first fails at once with
 * SQLITE_BUSY when it must upgrade to a write while another connection holds the lock: SQLite cannot
 * wait there (e.g. while `diag` recovers the WAL after a power loss).
 */
export const immediate = { behavior: "immediate" } as const;

/** A copy read in place of the station's file is named after the file it copies (see openStoreReadonly). */
const copiedFiles = new WeakMap<Database, string>();

/** The station's database file behind `db`, for messages. */
export function storeFileOf(db: StoreDb): string {
  return copiedFiles.get(db.$client) ?? db.$client.filename;
}

/** Runs a store operation; a failure becomes a StoreError naming the file and what was being done, with the cause. */
export function inStore<T>(db: StoreDb, what: string, operation: () => T): T {
  try {
    return operation();
  } catch (cause) {
    if (cause instanceof StoreError) throw cause;
    throw new StoreError(`database ${storeFileOf(db)}: ${what} failed: ${errorText(cause)}`, { cause });
  }
}

/** Another connection holds the lock SQLite needed (SQLITE_BUSY, SQLITE_LOCKED and their extended codes), anywhere in the cause chain. */
export function isBusy(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^SQLITE_(BUSY|LOCKED)/.test(code)) return true;
  }
  return false;
}

export type Store = { db: StoreDb; sqlite: Database; file: string; close(): void };

export type OpenOptions = {
  migrations?: MigrationMeta[];
  /** Per statement while opening; the station keeps it short and tries again, so that it stays responsive. */
  busyTimeoutMs?: number;
  /** Runs before anything is written; a throw refuses the file (see station-store.ts). */
  verify?: (sqlite: Database) => void;
};

/**
 * Opens (creating if missing) the database in `dataDir` and applies the embedded migrations.
 * A file that is not a healthy SQLite database is an error, never a silent reset: it may hold
 * transactions the Central System has not seen yet.
 */
export function openStore(dataDir: string, options: OpenOptions = {}): Store {
  const file = join(dataDir, databaseFileName);
  try {
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  } catch (cause) {
    throw new StoreError(`cannot create data directory ${dataDir}: ${errorText(cause)}`, { cause });
  }
  let sqlite: Database | undefined;
  try {
    sqlite = new Database(file, { create: true, strict: true });
    // It holds the AuthorizationKey: owner-only, before the WAL and shared-memory files (made with its mode) exist.
    keepOwnerOnly(file);
    // First, before any statement that reads the file: another process (diag, a backup) may hold a lock.
    sqlite.run(`PRAGMA busy_timeout = ${options.busyTimeoutMs ?? busyTimeoutMs}`);
    options.verify?.(sqlite);
    // One fsync per commit: a row is on flash before the station acts on it (PLATFORM-NOTES). The one
    // exception, a delivered MeterValues's removal, is OutboxRepo.delivered's.
    sqlite.run("PRAGMA journal_mode = WAL");
    sqlite.run("PRAGMA synchronous = FULL");
    sqlite.run("PRAGMA foreign_keys = ON");
    checkIntegrity(sqlite);
    const db = drizzle(sqlite, { schema });
    applyMigrations(db, options.migrations ?? migrations);
    const opened = sqlite;
    return { db, sqlite: opened, file, close: () => opened.close() };
  } catch (cause) {
    sqlite?.close();
    throw new StoreError(`cannot use database ${file}: ${errorText(cause)}`, { cause });
  }
}

/**
 * Opens an existing database for reading alongside a running station (WAL allows it), or a copy of
 * it (`copy`: the copied file's path) that is still named after the station's file.
 */
export function openStoreReadonly(dataDir: string, options: { copy?: string } = {}): Store {
  const file = join(dataDir, databaseFileName);
  try {
    const sqlite = new Database(options.copy ?? file, { readonly: true, strict: true });
    if (options.copy) copiedFiles.set(sqlite, file);
    sqlite.run(`PRAGMA busy_timeout = ${busyTimeoutMs}`);
    return { db: drizzle(sqlite, { schema }), sqlite, file, close: () => sqlite.close() };
  } catch (cause) {
    throw new StoreError(`cannot read database ${file}: ${errorText(cause)}`, { cause });
  }
}

/**
 * drizzle's public migrate() reads a folder; the embedded list goes through the same internals it
 * uses (PLATFORM-NOTES). drizzle-orm is pinned exactly and a test upgrades an older database.
 */
export function applyMigrations(db: StoreDb, list: MigrationMeta[] = migrations): void {
  type MigratorInternals = { dialect: { migrate(list: MigrationMeta[], session: unknown, config: object): void }; session: unknown };
  const internals = db as unknown as MigratorInternals;
  internals.dialect.migrate(list, internals.session, {});
}

function keepOwnerOnly(file: string): void {
  const mode = statSync(file).mode;
  try {
    if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
  } catch {
    // Another user's file: the station still runs on it, and its start-up log names the file (secure-data-dir.ts).
  }
}

function checkIntegrity(sqlite: Database): void {
  const rows = sqlite.query<{ quick_check: string }, []>("PRAGMA quick_check").all();
  const problems = rows.map((row) => row.quick_check).filter((text) => text !== "ok");
  if (problems.length > 0) throw new Error(`integrity check failed: ${problems.slice(0, 3).join("; ")}`);
}
