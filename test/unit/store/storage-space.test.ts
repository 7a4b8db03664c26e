import { describe, expect, test } from "bun:test";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { isStorageFullError, reserveFileName, StorageSpace, startReserveFileName } from "../../../src/store/storage-space.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { RecordingLog } from "../../support/virtual-rig.ts";

const kB = 1024;

function space(initialFreeBytes: number) {
  const dataDir = tempDir();
  const clock = new FakeClock();
  const log = new RecordingLog();
  let free = initialFreeBytes;
  const storage = new StorageSpace({ dataDir, clock, log, reserveBytes: 128 * kB, lowWaterBytes: 32 * kB, checkEveryMs: 5_000, freeBytes: () => free });
  const changes: boolean[] = [];
  storage.onChanged((isFull) => changes.push(isFull));
  const reserve = join(dataDir, reserveFileName);
  return { storage, clock, log, changes, reserve, setFree: (bytes: number) => (free = bytes) };
}

describe("StorageSpace", () => {
  test("keeps a reserve file of the full size, readable by the station's user only", () => {
    const { storage, reserve } = space(10_000 * kB);
    storage.start();
    expect(storage.isFull).toBe(false);
    expect(statSync(reserve).size).toBe(128 * kB);
    expect(statSync(reserve).mode & 0o777).toBe(0o600);
  });

  test("below the low-water mark it is full and gives up the reserve; it recovers only with room for the reserve and more", () => {
    const { storage, clock, changes, reserve, setFree, log } = space(10_000 * kB);
    storage.start();
    setFree(20 * kB);
    clock.advance(5_000);
    expect(storage.isFull).toBe(true);
    expect(existsSync(reserve)).toBe(false);
    expect(log.messages("error")[0]).toContain("storage full");
    setFree(150 * kB); // the reserve given back, not more: still full (no flapping)
    clock.advance(5_000);
    expect(storage.isFull).toBe(true);
    setFree(500 * kB);
    clock.advance(5_000);
    expect(storage.isFull).toBe(false);
    expect(existsSync(reserve)).toBe(true);
    expect(changes).toEqual([true, false]);
    expect(log.messages("info")).toContain("storage space recovered: new transactions are accepted again");
  });

  test("a start on a full disk gives up both reserves before anything else opens; space back, both are taken again", () => {
    const { storage, reserve } = space(10_000 * kB);
    storage.start();
    storage.stop();
    const startReserve = join(reserve, "..", startReserveFileName);
    expect(statSync(startReserve).size).toBe(64 * kB);
    let free = 4 * kB;
    const clock = new FakeClock();
    const again = new StorageSpace({ dataDir: join(reserve, ".."), clock, log: new RecordingLog(), reserveBytes: 128 * kB, lowWaterBytes: 32 * kB, freeBytes: () => free });
    again.start();
    expect(again.isFull).toBe(true);
    expect([existsSync(reserve), existsSync(startReserve)]).toEqual([false, false]);
    free = 1_000 * kB;
    clock.advance(5_000);
    expect(again.isFull).toBe(false);
    expect([existsSync(reserve), existsSync(startReserve)]).toEqual([true, true]);
  });

  test("withReserve runs a write again on the reserve's space when the storage is full", () => {
    const { storage, reserve } = space(10_000 * kB);
    storage.start();
    let attempts = 0;
    const result = storage.withReserve(() => {
      if (attempts++ === 0) throw new Error("transactions: recording a stopped transaction failed", { cause: Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" }) });
      return "recorded";
    });
    expect(result).toBe("recorded");
    expect(storage.isFull).toBe(true);
    expect(existsSync(reserve)).toBe(false);
    expect(() => storage.withReserve(() => { throw new Error("no such table"); })).toThrow("no such table");
  });

  test("knows a full storage by SQLITE_FULL, ENOSPC or the message, anywhere in the cause chain", () => {
    expect(isStorageFullError(new Error("x", { cause: Object.assign(new Error("y"), { code: "ENOSPC" }) }))).toBe(true);
    expect(isStorageFullError(new Error("outbox: queueing MeterValues failed: database or disk is full"))).toBe(true);
    expect(isStorageFullError(new Error("database is locked"))).toBe(false);
  });
});
