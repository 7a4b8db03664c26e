import { asc, count, desc, eq, isNull, max, min } from "drizzle-orm";
import { inStore, type StoreDb } from "./db.ts";
import { energyRegister, outbox, processRun, transaction } from "./schema.ts";

export type QueuedRow = {
  seq: number;
  action: string;
  connectorId: number | null;
  localTxId: number | null;
  transactionId: number | null;
  attempts: number;
  createdAt: Date;
};

export type TransactionRow = typeof transaction.$inferSelect;
export type RunRow = typeof processRun.$inferSelect;

/** What `csc22b7 diag` reads, from the running station's connection or a read-only one. Never writes. */
export class DiagnosticsRepo {
  constructor(private readonly db: StoreDb) {}

  /** The oldest `limit` queued messages, with the transaction each belongs to. */
  queued(limit: number): QueuedRow[] {
    return inStore(this.db, "diag: reading the outbox", () =>
      this.db
        .select({
          seq: outbox.seq,
          action: outbox.action,
          connectorId: transaction.connectorId,
          localTxId: outbox.localTxId,
          transactionId: transaction.transactionId,
          attempts: outbox.attempts,
          createdAt: outbox.createdAt,
        })
        .from(outbox)
        .leftJoin(transaction, eq(transaction.localTxId, outbox.localTxId))
        .orderBy(asc(outbox.seq))
        .limit(limit)
        .all(),
    );
  }

  queueStats(): { pending: number; oldestCreatedAt: Date | null } {
    const row = inStore(this.db, "diag: counting the outbox", () => this.db.select({ pending: count(), oldest: min(outbox.createdAt) }).from(outbox).get());
    return { pending: row?.pending ?? 0, oldestCreatedAt: row?.oldest ?? null };
  }

  /** Not stopped yet: running, or interrupted by a power loss and stopped at the next start. */
  openTransactions(): TransactionRow[] {
    return inStore(this.db, "diag: reading open transactions", () => this.db.select().from(transaction).where(isNull(transaction.stoppedAt)).all());
  }

  transactionIdOf(localTxId: number): number | null {
    const row = inStore(this.db, "diag: reading a transactionId", () =>
      this.db.select({ transactionId: transaction.transactionId }).from(transaction).where(eq(transaction.localTxId, localTxId)).get(),
    );
    return row?.transactionId ?? null;
  }

  /** The newest runs first. */
  lastRuns(limit: number): RunRow[] {
    return inStore(this.db, "diag: reading the run history", () => this.db.select().from(processRun).orderBy(desc(processRun.id)).limit(limit).all());
  }

  energyRegisters(): Map<number, number> {
    const rows = inStore(this.db, "diag: reading the energy registers", () => this.db.select().from(energyRegister).all());
    return new Map(rows.map((row) => [row.connectorId, row.energyWh]));
  }

  /** The latest time the station wrote anything with a time on it: after a crash, the last sign of life. */
  lastWriteAt(): Date | null {
    const times = inStore(this.db, "diag: reading the last write times", () => [
      this.db.select({ at: max(outbox.createdAt) }).from(outbox).get()?.at,
      this.db.select({ at: max(transaction.lastMeterAt) }).from(transaction).get()?.at,
      this.db.select({ at: max(energyRegister.updatedAt) }).from(energyRegister).get()?.at,
    ]);
    const known = times.filter((at): at is Date => at instanceof Date);
    return known.length === 0 ? null : new Date(Math.max(...known.map((at) => at.getTime())));
  }
}
