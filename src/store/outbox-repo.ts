import { asc, count, eq, min, sql } from "drizzle-orm";
import type { Delivered, Outbox, QueuedMessage, TransactionMessage } from "../station/ports.ts";
import { inStore, type StoreDb } from "./db.ts";
import { outbox, transaction } from "./schema.ts";

type OutboxRow = typeof outbox.$inferSelect;

/**
 * At most this many removals of delivered messages wait for an fsync (see `delivered`): what a power
 * loss during a backlog replay can send again, for 1/33 of the fsyncs.
 */
export const unsyncedRemovalLimit = 32;

/** Enough for the running transactions and the last ones stopped; the store has the rest. */
const knownTransactionIdLimit = 16;

/**
 * The durable outbox in SQLite: every write is one commit, on flash before the method returns, but
 * the removal of a repeatable message (`delivered`). The statements of the delivery loop are prepared
 * once: building the SQL again for every message was a quarter of the station's time while it
 * delivers a backlog.
 */
export class OutboxRepo implements Outbox {
  private readonly oldest;
  private readonly localTxIdOf;
  private readonly setTransactionId;
  private readonly remove;
  private readonly incrementAttempts;
  private readonly storedTransactionId;
  private readonly removeDelivered;
  private unsyncedRemovals = 0;
  /** The oldest message as the last removal's commit read it (see peek). */
  private head: OutboxRow | undefined;
  /** Transaction ids read before: each is recorded once, by this repository (recordTransactionId). */
  private readonly knownTransactionIds = new Map<number, number>();

  constructor(
    private readonly db: StoreDb,
    private readonly now: () => Date,
  ) {
    const seq = sql.placeholder("seq");
    const localTxId = sql.placeholder("localTxId");
    this.oldest = db.select().from(outbox).orderBy(asc(outbox.seq)).limit(1).prepare();
    this.localTxIdOf = db.select({ localTxId: outbox.localTxId }).from(outbox).where(eq(outbox.seq, seq)).prepare();
    this.setTransactionId = db
      .update(transaction)
      // drizzle types `set` without placeholders; wrapped in sql`` it binds the same way.
      .set({ transactionId: sql`${sql.placeholder("transactionId")}` })
      .where(eq(transaction.localTxId, localTxId))
      .prepare();
    this.remove = db.delete(outbox).where(eq(outbox.seq, seq)).prepare();
    this.incrementAttempts = db
      .update(outbox)
      .set({ attempts: sql`${outbox.attempts} + 1` })
      .where(eq(outbox.seq, seq))
      .returning({ attempts: outbox.attempts })
      .prepare();
    this.storedTransactionId = db.select({ transactionId: transaction.transactionId }).from(transaction).where(eq(transaction.localTxId, localTxId)).prepare();
    // bun:sqlite's own transaction, made once: drizzle's builds a transaction object per call.
    this.removeDelivered = db.$client.transaction((seq: number, transactionId: number | undefined): OutboxRow | undefined => {
      if (transactionId !== undefined) this.recordTransactionId(seq, transactionId);
      this.remove.run({ seq });
      return this.oldest.get();
    }).immediate;
  }

  append(message: TransactionMessage, localTxId: number | null): QueuedMessage {
    return inStore(this.db, `outbox: queueing ${message.action}`, () => appendMessage(this.db, message, localTxId, this.now()));
  }

  /**
   * Only this repository removes or changes messages, and appends go after the oldest one, so the
   * oldest message read by the last removal's commit stays the oldest until this repository writes
   * again: delivering a backlog reads each message once, in the commit that removes the one before.
   */
  peek(): QueuedMessage | undefined {
    this.head ??= inStore(this.db, "outbox: reading the next message", () => this.oldest.get());
    return this.head && toQueued(this.head);
  }

  /**
   * The removal of a repeatable message is committed without an fsync of its own (`synchronous =
   * NORMAL` for that commit). It is in the WAL, so a crash of the process keeps it; the next commit
   * with an fsync (any other write, or the removal after `unsyncedRemovalLimit` such ones) makes it
   * durable with everything before it. A power loss can undo at most that many removals: their
   * messages are sent again, never lost.
   */
  delivered(seq: number, { transactionId, repeatable = false }: Delivered = {}): void {
    const defersSync = repeatable && this.unsyncedRemovals < unsyncedRemovalLimit;
    inStore(this.db, "outbox: recording a delivered message", () => {
      // Not a prepared statement: SQLite applies this pragma when it compiles it.
      if (defersSync) this.db.$client.run("PRAGMA synchronous = NORMAL");
      this.head = undefined;
      try {
        this.head = this.removeDelivered(seq, transactionId);
      } finally {
        if (defersSync) this.db.$client.run("PRAGMA synchronous = FULL");
      }
    });
    this.unsyncedRemovals = defersSync ? this.unsyncedRemovals + 1 : 0;
  }

  private recordTransactionId(seq: number, transactionId: number): void {
    const localTxId = this.localTxIdOf.get({ seq })?.localTxId;
    if (localTxId == null) return;
    this.knownTransactionIds.delete(localTxId);
    this.setTransactionId.run({ transactionId, localTxId });
  }

  countAttempt(seq: number): number {
    this.head = undefined;
    return inStore(this.db, "outbox: counting a delivery attempt", () => this.incrementAttempts.get({ seq })?.attempts ?? 0);
  }

  discard(seq: number): void {
    this.head = undefined;
    inStore(this.db, "outbox: discarding a message", () => this.remove.run({ seq }));
  }

  /** Every message of a running transaction carries its id: a SELECT for each was 6 % of the station's time while it replays a backlog. */
  transactionIdOf(localTxId: number): number | undefined {
    const known = this.knownTransactionIds.get(localTxId);
    if (known !== undefined) return known;
    const stored = inStore(this.db, "outbox: reading a transactionId", () => this.storedTransactionId.get({ localTxId }))?.transactionId ?? undefined;
    if (stored === undefined) return undefined;
    if (this.knownTransactionIds.size >= knownTransactionIdLimit) this.knownTransactionIds.clear();
    this.knownTransactionIds.set(localTxId, stored);
    return stored;
  }

  stats(): { pending: number; oldestCreatedAt: Date | undefined } {
    const row = inStore(this.db, "outbox: counting messages", () => this.db.select({ pending: count(), oldest: min(outbox.createdAt) }).from(outbox).get());
    return { pending: row?.pending ?? 0, oldestCreatedAt: row?.oldest ?? undefined };
  }

}

/** Appends inside the caller's commit too (a transaction row and its message are written together). */
export function appendMessage(db: Pick<StoreDb, "insert">, message: TransactionMessage, localTxId: number | null, at: Date): QueuedMessage {
  const row = db.insert(outbox).values({ action: message.action, payload: message.payload, createdAt: at, localTxId }).returning().get();
  return toQueued(row);
}

function toQueued(row: OutboxRow): QueuedMessage {
  return { seq: row.seq, action: row.action, payload: row.payload, localTxId: row.localTxId, attempts: row.attempts, createdAt: row.createdAt } as QueuedMessage;
}
