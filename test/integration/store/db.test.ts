import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { chmodSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { databaseFileName, migrations, openStore, openStoreReadonly, StoreError } from "../../../src/store/db.ts";
import { ProcessRunRepo } from "../../../src/store/process-run-repo.ts";
import { outbox } from "../../../src/store/schema.ts";
import { tempDir } from "../../support/temp-dir.ts";

describe("openStore", () => {
  test("creates the data directory and database with WAL and synchronous=FULL", () => {
    const dataDir = join(tempDir(), "nested", "data");
    const store = openStore(dataDir);
    expect(store.file).toBe(join(dataDir, databaseFileName));
    expect(store.sqlite.query("PRAGMA journal_mode").get()).toEqual({ journal_mode: "wal" });
    expect(store.sqlite.query("PRAGMA synchronous").get()).toEqual({ synchronous: 2 });
    expect(store.sqlite.query("PRAGMA foreign_keys").get()).toEqual({ foreign_keys: 1 });
    store.close();
  });

  test("keeps the database owner-only: it and its -wal and -shm are 0600, the folder it creates 0700, whatever the umask", () => {
    const dataDir = join(tempDir(), "data");
    const previousUmask = process.umask(0o022);
    try {
      const store = openStore(dataDir);
      new ProcessRunRepo(store.db).start("test", new Date());
      const modes = ["", "-wal", "-shm"].map((suffix) => statSync(store.file + suffix).mode & 0o777);
      expect([statSync(dataDir).mode & 0o777, ...modes]).toEqual([0o700, 0o600, 0o600, 0o600]);
      store.close();
      chmodSync(store.file, 0o644);
      openStore(dataDir).close();
      expect(statSync(store.file).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previousUmask);
    }
  });

  test("applies every embedded migration once, also when opened again", () => {
    const dataDir = tempDir();
    openStore(dataDir).close();
    const store = openStore(dataDir);
    const applied = store.sqlite.query("SELECT count(*) AS n FROM __drizzle_migrations").get() as { n: number };
    expect(applied.n).toBe(migrations.length);
    expect(migrations.length).toBeGreaterThanOrEqual(2);
    store.close();
  });

  test("upgrades a database made by the previous migration set without losing rows", () => {
    const dataDir = tempDir();
    const previous = openStore(dataDir, { migrations: migrations.slice(0, -1) });
    const createdAt = new Date("2026-01-02T03:04:05.000Z");
    // Raw SQL: the current drizzle schema has columns the previous database does not.
    previous.sqlite.run("INSERT INTO outbox (action, payload, created_at) VALUES (?, ?, ?)", ["StopTransaction", '{"transactionId":7}', createdAt.getTime()]);
    previous.close();

    const upgraded = openStore(dataDir);
    expect(upgraded.db.select().from(outbox).all()).toEqual([
      { seq: 1, action: "StopTransaction", payload: { transactionId: 7 }, createdAt, attempts: 0, localTxId: null },
    ]);
    upgraded.close();
  });

  test("refuses a corrupt database file with an error naming the file, and leaves it untouched", () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    const garbage = Buffer.alloc(8192, 0x5a);
    writeFileSync(file, garbage);
    expect(() => openStore(dataDir)).toThrow(new StoreError(`cannot use database ${file}: file is not a database`));
    expect(readFileSync(file).equals(garbage)).toBe(true);
  });

  test("refuses a database whose pages are damaged", () => {
    const dataDir = tempDir();
    const store = openStore(dataDir);
    for (let i = 0; i < 200; i++) {
      store.db.insert(outbox).values({ action: "MeterValues", payload: { filler: "x".repeat(500) }, createdAt: new Date() }).run();
    }
    store.sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
    store.close();
    const file = join(dataDir, databaseFileName);
    const bytes = readFileSync(file);
    bytes.fill(0xff, 4096 * 3, 4096 * 5);
    writeFileSync(file, bytes);
    expect(() => openStore(dataDir)).toThrow(`cannot use database ${file}`);
  });

  test("names the path when the data directory cannot be created", () => {
    const parent = tempDir();
    writeFileSync(join(parent, "file"), "");
    expect(() => openStore(join(parent, "file", "data"))).toThrow(`cannot create data directory ${join(parent, "file", "data")}`);
  });

  test("lets a read-only reader see committed rows while the writer is open", () => {
    const dataDir = tempDir();
    const writer = openStore(dataDir);
    writer.db.insert(outbox).values({ action: "StartTransaction", payload: {}, createdAt: new Date() }).run();
    const reader = openStoreReadonly(dataDir);
    expect(reader.db.select().from(outbox).all()).toHaveLength(1);
    expect(() => reader.sqlite.run("DELETE FROM outbox")).toThrow();
    reader.close();
    writer.close();
  });
});

describe("ProcessRunRepo", () => {
  test("tells a clean shutdown from a run that never stopped", () => {
    const dataDir = tempDir();
    const store = openStore(dataDir);
    const runs = new ProcessRunRepo(store.db);
    const first = runs.start("1.0.0", new Date(1000));
    expect(first.previous).toBeUndefined();
    const second = runs.start("1.0.0", new Date(2000));
    expect(second.previous?.stoppedAt).toBeNull();
    runs.stop(second.id, "shutdown", new Date(3000));
    const third = runs.start("1.0.1", new Date(4000));
    expect(third.previous).toMatchObject({ id: second.id, stoppedAt: new Date(3000), stopReason: "shutdown" });
    store.close();
    const raw = new Database(join(dataDir, databaseFileName), { readonly: true });
    expect(raw.query("SELECT count(*) AS n FROM process_run").get()).toEqual({ n: 3 });
    raw.close();
  });
});
