import { describe, expect, test } from "bun:test";
import type { Outbox, TransactionStore } from "../../../src/station/ports.ts";

type Stores = { outbox: Outbox; transactions: TransactionStore };

const t0 = new Date("2026-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const start = { connectorId: 1, idTag: "04A2B3C4", meterStart: 1000, timestamp: t0.toISOString() };
const newTx = { connectorId: 1, idTag: "04A2B3C4", meterStartWh: 1000, startedAt: t0 };
const stopPayload = (meterStop: number) => ({ meterStop, timestamp: at(60).toISOString(), transactionId: -1, reason: "Local" as const });

/** What every Outbox + TransactionStore pair must do; `open` gives the stores and a way to reopen the same data. */
export function transactionStoreContract(name: string, open: () => Stores & { reopen(): Stores }) {
  describe(`Outbox and TransactionStore contract: ${name}`, () => {
    test("a started transaction and its StartTransaction are stored together", () => {
      const { outbox, transactions } = open();
      const tx = transactions.begin(newTx, start);
      expect(transactions.open()).toEqual([{ ...newTx, localTxId: tx.localTxId, lastMeterWh: 1000, lastMeterAt: t0 }]);
      expect(outbox.peek()).toMatchObject({ action: "StartTransaction", payload: start, localTxId: tx.localTxId, attempts: 0 });
    });

    test("messages come out oldest first and leave only when delivered or discarded", () => {
      const { outbox, transactions } = open();
      const tx = transactions.begin(newTx, start);
      transactions.recordMeter(tx.localTxId, 1100, at(20), { connectorId: 1, meterValue: [{ timestamp: at(20).toISOString(), sampledValue: [{ value: "1100" }] }] });
      transactions.end(tx.localTxId, { at: at(60), meterStopWh: 1200, reason: "Local" }, stopPayload(1200));
      expect(outbox.stats().pending).toBe(3);
      expect(outbox.stats().oldestCreatedAt).toEqual(t0);
      const first = outbox.peek()!;
      expect(first.action).toBe("StartTransaction");
      expect(outbox.transactionIdOf(tx.localTxId)).toBeUndefined();
      outbox.delivered(first.seq, { transactionId: 77 });
      expect(outbox.transactionIdOf(tx.localTxId)).toBe(77);
      expect(outbox.peek()?.action).toBe("MeterValues");
      outbox.discard(outbox.peek()!.seq);
      expect(outbox.peek()).toMatchObject({ action: "StopTransaction", payload: stopPayload(1200) });
      expect(transactions.open()).toEqual([]);
    });

    test("attempts are counted per message", () => {
      const { outbox } = open();
      const queued = outbox.append({ action: "MeterValues", payload: { connectorId: 0, meterValue: [] } }, null);
      expect(outbox.countAttempt(queued.seq)).toBe(1);
      expect(outbox.countAttempt(queued.seq)).toBe(2);
      expect(outbox.peek()?.attempts).toBe(2);
    });

    test("the next message is always the oldest still queued, whatever happened since it was last read", () => {
      const { outbox } = open();
      const meterValues = (connectorId: number) => ({ action: "MeterValues" as const, payload: { connectorId, meterValue: [] } });
      const first = outbox.append(meterValues(1), null);
      outbox.delivered(outbox.peek()!.seq, { repeatable: true });
      expect(outbox.peek()).toBeUndefined();
      const second = outbox.append(meterValues(2), null);
      outbox.append(meterValues(3), null);
      expect(outbox.peek()).toMatchObject({ seq: second.seq, attempts: 0 });
      outbox.countAttempt(second.seq);
      expect(outbox.peek()).toMatchObject({ seq: second.seq, attempts: 1 });
      outbox.discard(second.seq);
      expect(outbox.peek()?.payload).toEqual(meterValues(3).payload);
      outbox.delivered(outbox.peek()!.seq, { repeatable: true });
      outbox.delivered(first.seq);
      expect(outbox.peek()).toBeUndefined();
      expect(outbox.stats().pending).toBe(0);
    });

    test("a transactionId is kept only for the transaction its message belongs to; a message gone already changes nothing", () => {
      const { outbox, transactions } = open();
      const first = transactions.begin(newTx, start);
      const second = transactions.begin({ ...newTx, connectorId: 2 }, { ...start, connectorId: 2 });
      const station = outbox.append({ action: "MeterValues", payload: { connectorId: 0, meterValue: [] } }, null);
      outbox.delivered(outbox.peek()!.seq, { transactionId: 41 });
      outbox.delivered(station.seq, { transactionId: 99 });
      outbox.delivered(station.seq, { transactionId: 98 });
      expect(outbox.countAttempt(station.seq)).toBe(0);
      expect(outbox.transactionIdOf(first.localTxId)).toBe(41);
      expect(outbox.transactionIdOf(second.localTxId)).toBeUndefined();
      expect(outbox.peek()).toMatchObject({ action: "StartTransaction", localTxId: second.localTxId });
      expect(outbox.stats().pending).toBe(1);
    });

    test("the last meter reading of a running transaction is kept", () => {
      const { transactions } = open();
      const tx = transactions.begin(newTx, start);
      transactions.recordMeter(tx.localTxId, 1500, at(30));
      expect(transactions.open()[0]).toMatchObject({ lastMeterWh: 1500, lastMeterAt: at(30) });
    });

    test("everything survives reopening", () => {
      const stores = open();
      const tx = stores.transactions.begin(newTx, start);
      stores.outbox.delivered(stores.outbox.peek()!.seq, { transactionId: 5 });
      stores.transactions.recordMeter(tx.localTxId, 1300, at(40));
      const again = stores.reopen();
      expect(again.transactions.open()).toEqual([{ ...newTx, localTxId: tx.localTxId, transactionId: 5, lastMeterWh: 1300, lastMeterAt: at(40) }]);
      expect(again.outbox.transactionIdOf(tx.localTxId)).toBe(5);
      expect(again.outbox.stats().pending).toBe(0);
    });

    test("ending an unknown transaction fails and queues nothing", () => {
      const { outbox, transactions } = open();
      expect(() => transactions.end(999, { at: t0, meterStopWh: 0, reason: "Local" }, stopPayload(0))).toThrow();
      expect(outbox.stats().pending).toBe(0);
    });
  });
}
