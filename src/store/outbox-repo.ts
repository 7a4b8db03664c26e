import { asc, count, eq, min, sql } from "drizzle-orm";
import type { Outbox, QueuedMessage, TransactionMessage } from "../station/ports.ts";
import { immediate, inStore, type StoreDb } from "./db.ts";
import { outbox, transaction } from "./schema.ts";

type OutboxRow = typeof outbox.$inferSelect;

/**
 * The durable outbox in SQLite: every write is one commit, on flash before the method returns. The
 * statements of the delivery loop are prepared once: building the SQL again for every message was a
 * quarter of the station's time while it delivers a backlog.
 */
export class OutboxRepo implements Outbox {
  private readonly oldest;
  private readonly localTxIdOf;
  private readonly setTransactionId;
  private readonly remove;
  private readonly incrementAttempts;
  private readonly storedTransactionId;

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
  }

  append(message: TransactionMessage, localTxId: number | null): QueuedMessage {
    return inStore(this.db, `outbox: queueing ${message.action}`, () => appendMessage(this.db, message, localTxId, this.now()));
  }

  peek(): QueuedMessage | undefined {
    const row = inStore(this.db, "outbox: reading the next message", () => this.oldest.get());
    return row && toQueued(row);
  }

  delivered(seq: number, transactionId?: number): void {
    inStore(this.db, "outbox: recording a delivered message", () =>
      this.db.transaction(() => {
        const row = this.localTxIdOf.get({ seq });
        if (transactionId !== undefined && row?.localTxId != null) this.setTransactionId.run({ transactionId, localTxId: row.localTxId });
        this.remove.run({ seq });
      }, immediate),
    );
  }

  countAttempt(seq: number): number {
    return inStore(this.db, "outbox: counting a delivery attempt", () => this.incrementAttempts.get({ seq })?.attempts ?? 0);
  }

  discard(seq: number): void {
    inStore(this.db, "outbox: discarding a message", () => this.remove.run({ seq }));
  }

  transactionIdOf(localTxId: number): number | undefined {
    return inStore(this.db, "outbox: reading a transactionId", () => this.storedTransactionId.get({ localTxId }))?.transactionId ?? undefined;
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
