/**
 * When the SQLite outbox syncs a delivered message's removal (issue 18). A power loss cannot be made
 * here, so the tests read the `synchronous` level SQLite applies to each removal's commit: FULL (2)
 * fsyncs the WAL at that commit, NORMAL (1) leaves it to the next commit that does.
 */
import { describe, expect, test } from "bun:test";
import { openStore, type Store } from "../../../src/store/db.ts";
import { OutboxRepo, unsyncedRemovalLimit } from "../../../src/store/outbox-repo.ts";
import { tempDir } from "../../support/temp-dir.ts";

const full = 2;
const normal = 1;
const meterValues = { action: "MeterValues" as const, payload: { connectorId: 1, meterValue: [{ timestamp: "2026-03-01T10:00:00.000Z", sampledValue: [{ value: "1100" }] }] } };
const start = { action: "StartTransaction" as const, payload: { connectorId: 1, idTag: "04A2B3C4", meterStart: 1000, timestamp: "2026-03-01T10:00:00.000Z" } };

/** The store, its outbox, and the `synchronous` level in force at each removal from the outbox, in order. */
function openWatched(dataDir = tempDir()) {
  const store = openStore(dataDir);
  const removalLevels: number[] = [];
  watchRemovals(store, () => removalLevels.push(synchronousOf(store)));
  return { store, outbox: new OutboxRepo(store.db, () => new Date()), removalLevels, dataDir };
}

function watchRemovals(store: Store, onRemoval: () => void): void {
  const prepare = store.sqlite.prepare.bind(store.sqlite);
  store.sqlite.prepare = ((sql: string, ...rest: []) => {
    const statement = prepare(sql, ...rest);
    if (!/^delete from "outbox"/.test(sql)) return statement;
    const run = statement.run.bind(statement);
    statement.run = ((...params: []) => {
      onRemoval();
      return run(...params);
    }) as typeof statement.run;
    return statement;
  }) as typeof store.sqlite.prepare;
}

function synchronousOf(store: Store): number {
  return (store.sqlite.query("PRAGMA synchronous").get() as { synchronous: number }).synchronous;
}

function deliverAll(outbox: OutboxRepo, repeatable: boolean): void {
  for (let message = outbox.peek(); message; message = outbox.peek()) outbox.delivered(message.seq, { repeatable });
}

describe("OutboxRepo: when a delivered message's removal is synced", () => {
  test(`a repeatable message's removal waits for a later fsync, at most ${unsyncedRemovalLimit} in a row`, () => {
    const { outbox, removalLevels } = openWatched();
    const count = 2 * (unsyncedRemovalLimit + 1) + 3;
    for (let i = 0; i < count; i++) outbox.append(meterValues, null);
    deliverAll(outbox, true);
    const run = [...Array<number>(unsyncedRemovalLimit).fill(normal), full];
    expect(removalLevels).toEqual([...run, ...run, normal, normal, normal]);
    expect(outbox.stats().pending).toBe(0);
  });

  test("every other removal syncs at once and starts the count again", () => {
    const { outbox, removalLevels } = openWatched();
    for (let i = 0; i < 3; i++) outbox.append(meterValues, null);
    outbox.append(start, null);
    for (let i = 0; i < unsyncedRemovalLimit + 1; i++) outbox.append(meterValues, null);
    for (let message = outbox.peek(); message; message = outbox.peek()) {
      const isStart = message.action === "StartTransaction";
      outbox.delivered(message.seq, isStart ? { transactionId: 7 } : { repeatable: true });
    }
    expect(removalLevels).toEqual([normal, normal, normal, full, ...Array<number>(unsyncedRemovalLimit).fill(normal), full]);
  });

  test("the connection goes back to an fsync per commit, so what is queued next is on flash at once", () => {
    const { store, outbox } = openWatched();
    outbox.append(meterValues, null);
    outbox.delivered(outbox.peek()!.seq, { repeatable: true });
    expect(synchronousOf(store)).toBe(full);
  });

  test("a removal whose fsync waits is committed: another connection no longer sees the message", () => {
    const { outbox, dataDir } = openWatched();
    outbox.append(meterValues, null);
    outbox.append(meterValues, null);
    outbox.delivered(outbox.peek()!.seq, { repeatable: true });
    const other = openStore(dataDir);
    try {
      expect(new OutboxRepo(other.db, () => new Date()).stats().pending).toBe(1);
    } finally {
      other.close();
    }
  });

  test("a failed removal still leaves the connection syncing every commit", () => {
    const { store, outbox } = openWatched();
    outbox.append(meterValues, null);
    store.sqlite.run("CREATE TRIGGER refuse BEFORE DELETE ON outbox BEGIN SELECT RAISE(ABORT, 'refused'); END");
    expect(() => outbox.delivered(outbox.peek()!.seq, { repeatable: true })).toThrow(/outbox: recording a delivered message failed: refused/);
    expect(synchronousOf(store)).toBe(full);
    expect(outbox.stats().pending).toBe(1);
  });
});
