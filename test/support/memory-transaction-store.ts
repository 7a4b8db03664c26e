import type { Delivered, NewTransaction, OpenTransaction, Outbox, QueuedMessage, TransactionMessage, TransactionStore } from "../../src/station/ports.ts";

/** Outbox and transactions in memory, sharing their data as the SQLite repositories share a database. */
export class MemoryTransactionStore implements Outbox, TransactionStore {
  readonly messages: QueuedMessage[] = [];
  readonly transactions = new Map<number, OpenTransaction & { stoppedAt?: Date }>();
  /** The actions removed as repeatable, in order (OutboxRepo lets their removal wait for a later fsync). */
  readonly removedAsRepeatable: string[] = [];
  private nextSeq = 1;
  private nextLocalTxId = 1;

  constructor(private readonly now: () => Date = () => new Date()) {}

  append(message: TransactionMessage, localTxId: number | null, at = this.now()): QueuedMessage {
    const queued = { ...message, seq: this.nextSeq++, localTxId, attempts: 0, createdAt: at } as QueuedMessage;
    this.messages.push(queued);
    return queued;
  }

  peek(): QueuedMessage | undefined {
    return this.messages[0];
  }

  delivered(seq: number, { transactionId, repeatable }: Delivered = {}): void {
    const message = this.messages.find((m) => m.seq === seq);
    if (message && transactionId !== undefined && message.localTxId !== null) {
      const tx = this.transactions.get(message.localTxId);
      if (tx) tx.transactionId = transactionId;
    }
    if (message && repeatable) this.removedAsRepeatable.push(message.action);
    this.discard(seq);
  }

  countAttempt(seq: number): number {
    const message = this.messages.find((m) => m.seq === seq);
    if (!message) return 0;
    message.attempts += 1;
    return message.attempts;
  }

  discard(seq: number): void {
    const index = this.messages.findIndex((m) => m.seq === seq);
    if (index >= 0) this.messages.splice(index, 1);
  }

  transactionIdOf(localTxId: number): number | undefined {
    return this.transactions.get(localTxId)?.transactionId;
  }

  stats(): { pending: number; oldestCreatedAt: Date | undefined } {
    return { pending: this.messages.length, oldestCreatedAt: this.messages[0]?.createdAt };
  }

  begin(transaction: NewTransaction, startTransaction: TransactionMessage["payload"] & { meterStart: number }): OpenTransaction {
    const open = { ...transaction, localTxId: this.nextLocalTxId++, lastMeterWh: transaction.meterStartWh, lastMeterAt: transaction.startedAt };
    this.transactions.set(open.localTxId, open);
    this.append({ action: "StartTransaction", payload: startTransaction } as TransactionMessage, open.localTxId, transaction.startedAt);
    return { ...open };
  }

  end(localTxId: number, stop: { at: Date; meterStopWh: number }, stopTransaction: TransactionMessage["payload"]): void {
    const tx = this.transactions.get(localTxId);
    if (!tx) throw new Error(`no transaction with local id ${localTxId}`);
    Object.assign(tx, { stoppedAt: stop.at, lastMeterWh: stop.meterStopWh, lastMeterAt: stop.at });
    this.append({ action: "StopTransaction", payload: stopTransaction } as TransactionMessage, localTxId, stop.at);
  }

  recordMeter(localTxId: number, energyWh: number, at: Date, meterValues?: TransactionMessage["payload"]): void {
    const tx = this.transactions.get(localTxId);
    if (tx) Object.assign(tx, { lastMeterWh: energyWh, lastMeterAt: at });
    if (meterValues) this.append({ action: "MeterValues", payload: meterValues } as TransactionMessage, localTxId, at);
  }

  open(): OpenTransaction[] {
    return [...this.transactions.values()].filter((tx) => tx.stoppedAt === undefined).map(({ stoppedAt: _, ...tx }) => tx);
  }
}
