import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { databaseFileName, openStore } from "../../../src/store/db.ts";
import { ProcessRunRepo } from "../../../src/store/process-run-repo.ts";
import { openStationStore } from "../../../src/store/station-store.ts";
import { readStoreMarker, storeMarkerFileName } from "../../../src/store/store-marker.ts";
import { resetStore } from "../../../src/store/store-reset.ts";
import { TransactionRepo } from "../../../src/store/transaction-repo.ts";
import { tempDir } from "../../support/temp-dir.ts";

/** A Log that keeps its lines. */
function recordingLog() {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`);
  return { lines, debug: write("debug"), info: write("info"), warn: write("warn"), error: write("error") };
}

/** Everything written is in station.db itself and the WAL is empty, as after a clean stop. */
async function openCheckpointed(dataDir: string): Promise<void> {
  const store = await openStationStore(dataDir, recordingLog());
  store.sqlite.run("PRAGMA wal_checkpoint(TRUNCATE)");
  store.close();
}

const generationOf = (file: string) => {
  const raw = new Database(file, { readonly: true });
  const { user_version } = raw.query("PRAGMA user_version").get() as { user_version: number };
  raw.close();
  return user_version;
};

describe("openStationStore", () => {
  test("each start counts itself in the database and in its marker", async () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    (await openStationStore(dataDir, recordingLog())).close();
    (await openStationStore(dataDir, recordingLog())).close();
    expect(generationOf(file)).toBe(2);
    expect(readStoreMarker(dataDir)).toMatchObject({ kind: "ok", marker: { generation: 2 } });
  });

  test("waits while another process holds the database, and says so once, naming the file", async () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    (await openStationStore(dataDir, recordingLog())).close();
    const other = new Database(file);
    other.run("BEGIN IMMEDIATE");
    setTimeout(() => other.run("COMMIT"), 700);
    const log = recordingLog();
    const startedAt = Date.now();
    const store = await openStationStore(dataDir, log);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(600);
    expect(log.lines.filter((line) => line.startsWith("warn database busy"))).toEqual([expect.stringContaining(file)]);
    expect(log.lines.at(-1)).toStartWith("info database open after waiting");
    expect(new ProcessRunRepo(store.db).start("1.0.0", new Date()).id).toBe(1);
    store.close();
    other.close();
  });

  test("refuses a database older than its marker (its WAL lost after a checkpoint), and leaves it as it is", async () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    await openCheckpointed(dataDir);
    copyFileSync(file, join(dataDir, "older.db"));
    await openCheckpointed(dataDir);
    copyFileSync(join(dataDir, "older.db"), file);
    for (const suffix of ["-wal", "-shm"]) rmSync(file + suffix, { force: true });
    const older = readFileSync(file);

    const refused = openStationStore(dataDir, recordingLog());
    await expect(refused).rejects.toThrow(`cannot use database ${file}: it is older than the station left it (opened once of 2, ${storeMarkerFileName})`);
    await expect(refused).rejects.toThrow("csc22b7 store reset --config");
    expect(readFileSync(file).equals(older)).toBe(true);
  });

  test("refuses a missing database the station has opened before; a reset lets the next start create one", async () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    (await openStationStore(dataDir, recordingLog())).close();
    rmSync(file);
    await expect(openStationStore(dataDir, recordingLog())).rejects.toThrow(`cannot use database ${file}: the file is missing, though the station has opened it once`);

    // The WAL and index left behind go aside with the time too: nothing is deleted.
    const keptAside = [`${file}.20260301T100000Z-wal`, `${file}.20260301T100000Z-shm`];
    expect(resetStore(dataDir, new Date("2026-03-01T10:00:00.500Z"))).toEqual({ keptAside });
    const store = await openStationStore(dataDir, recordingLog());
    expect(generationOf(file)).toBe(1);
    expect(readStoreMarker(dataDir)).toMatchObject({ kind: "ok", marker: { generation: 1, reset: { at: "2026-03-01T10:00:00.500Z", keptAside } } });
    store.close();
  });

  test("a reset keeps the files aside under the time, byte for byte, and a second one in the same second gets its own name", async () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    await openCheckpointed(dataDir);
    rmSync(`${file}-wal`);
    const bytes = readFileSync(file);
    const at = new Date("2026-03-01T10:00:00.000Z");
    expect(resetStore(dataDir, at).keptAside).toEqual([`${file}.20260301T100000Z`, `${file}.20260301T100000Z-shm`]);
    expect(readFileSync(`${file}.20260301T100000Z`).equals(bytes)).toBe(true);
    await openCheckpointed(dataDir);
    expect(resetStore(dataDir, at).keptAside).toEqual([`${file}.20260301T100000Z-2`, `${file}.20260301T100000Z-2-wal`, `${file}.20260301T100000Z-2-shm`]);
  });

  test("a start killed before it counted itself, or that never got past creating the file, is no damage", async () => {
    const dataDir = tempDir();
    const file = join(dataDir, databaseFileName);
    writeFileSync(file, "");
    (await openStationStore(dataDir, recordingLog())).close();
    rmSync(join(dataDir, storeMarkerFileName));
    (await openStationStore(dataDir, recordingLog())).close();
    expect(generationOf(file)).toBe(2);
  });

  test("an unreadable marker is reported, the data directory's other files decide, and the start writes it again", async () => {
    const dataDir = tempDir();
    (await openStationStore(dataDir, recordingLog())).close();
    writeFileSync(join(dataDir, storeMarkerFileName), "{ torn");
    const log = recordingLog();
    (await openStationStore(dataDir, log)).close();
    expect(log.lines[0]).toStartWith(`warn store marker unreadable; judging the store by the data directory's other files {"file":"${join(dataDir, storeMarkerFileName)}"`);
    expect(readStoreMarker(dataDir)).toMatchObject({ kind: "ok", marker: { generation: 2 } });
  });
});

describe("store errors", () => {
  test("a write that meets a lock held too long fails with an error naming the file and what was being done", async () => {
    const dataDir = tempDir();
    const store = openStore(dataDir);
    store.sqlite.run("PRAGMA busy_timeout = 50");
    const other = new Database(join(dataDir, databaseFileName));
    other.run("BEGIN IMMEDIATE");
    const begin = () =>
      new TransactionRepo(store.db).begin(
        { connectorId: 1, idTag: "04A2B3C4", meterStartWh: 0, startedAt: new Date() },
        { connectorId: 1, idTag: "04A2B3C4", meterStart: 0, timestamp: new Date().toISOString() },
      );
    expect(begin).toThrow(`database ${store.file}: transactions: recording a started transaction failed: database is locked`);
    other.run("ROLLBACK");
    other.close();
    store.close();
  });
});
