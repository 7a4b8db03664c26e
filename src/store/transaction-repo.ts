import { eq, isNull } from "drizzle-orm";
import type { MeterValuesRequest } from "../messages/meter-values.ts";
import type { StartTransactionRequest } from "../messages/start-transaction.ts";
import type { Reason, StopTransactionRequest } from "../messages/stop-transaction.ts";
import type { NewTransaction, OpenTransaction, TransactionStore } from "../station/ports.ts";
import { immediate, inStore, type StoreDb } from "./db.ts";
import { appendMessage } from "./outbox-repo.ts";
import { transaction } from "./schema.ts";

type TransactionRow = typeof transaction.$inferSelect;

/** Space held back for writes that must not be lost (storage-space.ts); without one a write simply runs. */
export type SpaceReserve = { withReserve<T>(write: () => T): T };

const noReserve: SpaceReserve = { withReserve: (write) => write() };

/** Transactions in SQLite; each change commits together with the message it causes (durable before visible). */
export class TransactionRepo implements TransactionStore {
  constructor(
    private readonly db: StoreDb,
    private readonly reserve: SpaceReserve = noReserve,
  ) {}

  begin(started: NewTransaction, startTransaction: StartTransactionRequest): OpenTransaction {
    return inStore(this.db, "transactions: recording a started transaction", () =>
      this.db.transaction((tx) => {
        const row = tx
          .insert(transaction)
          .values({ ...started, lastMeterWh: started.meterStartWh, lastMeterAt: started.startedAt })
          .returning()
          .get();
        appendMessage(tx, { action: "StartTransaction", payload: startTransaction }, row.localTxId, started.startedAt);
        return toOpen(row);
      }, immediate),
    );
  }

  /** A stop is recorded even on a full storage: it may use the space held in reserve. */
  end(localTxId: number, stop: { at: Date; meterStopWh: number; reason: Reason }, stopTransaction: StopTransactionRequest): void {
    this.reserve.withReserve(() => this.recordStop(localTxId, stop, stopTransaction));
  }

  private recordStop(localTxId: number, stop: { at: Date; meterStopWh: number; reason: Reason }, stopTransaction: StopTransactionRequest): void {
    inStore(this.db, "transactions: recording a stopped transaction", () =>
      this.db.transaction((tx) => {
        const updated = tx
          .update(transaction)
          .set({ stoppedAt: stop.at, stopReason: stop.reason, meterStopWh: stop.meterStopWh, lastMeterWh: stop.meterStopWh, lastMeterAt: stop.at })
          .where(eq(transaction.localTxId, localTxId))
          .returning({ stoppedAt: transaction.stoppedAt })
          .get();
        if (!updated) throw new Error(`no transaction with local id ${localTxId}`);
        appendMessage(tx, { action: "StopTransaction", payload: stopTransaction }, localTxId, stop.at);
      }, immediate),
    );
  }

  recordMeter(localTxId: number, energyWh: number, at: Date, meterValues?: MeterValuesRequest): void {
    inStore(this.db, "transactions: recording a meter reading", () =>
      this.db.transaction((tx) => {
        tx.update(transaction).set({ lastMeterWh: energyWh, lastMeterAt: at }).where(eq(transaction.localTxId, localTxId)).run();
        if (meterValues) appendMessage(tx, { action: "MeterValues", payload: meterValues }, localTxId, at);
      }, immediate),
    );
  }

  open(): OpenTransaction[] {
    return inStore(this.db, "transactions: reading open transactions", () => this.db.select().from(transaction).where(isNull(transaction.stoppedAt)).all()).map(toOpen);
  }

}

function toOpen(row: TransactionRow): OpenTransaction {
  return {
    localTxId: row.localTxId,
    connectorId: row.connectorId,
    idTag: row.idTag,
    ...(row.parentIdTag === null ? {} : { parentIdTag: row.parentIdTag }),
    ...(row.reservationId === null ? {} : { reservationId: row.reservationId }),
    meterStartWh: row.meterStartWh,
    startedAt: row.startedAt,
    ...(row.transactionId === null ? {} : { transactionId: row.transactionId }),
    lastMeterWh: row.lastMeterWh,
    lastMeterAt: row.lastMeterAt,
  };
}
