import type { Log, TransactionStore } from "../ports.ts";

/**
 * §8.8: a transaction still open at start was cut by a power loss or crash. It is stopped once, with
 * the last register reading the store kept and its time; the StopTransaction joins the outbox.
 */
export function recoverInterruptedTransactions(transactions: TransactionStore, log: Log): number {
  const interrupted = transactions.open();
  for (const tx of interrupted) {
    const stop = { at: tx.lastMeterAt, meterStopWh: tx.lastMeterWh, reason: "PowerLoss" as const };
    transactions.end(tx.localTxId, stop, {
      meterStop: tx.lastMeterWh,
      timestamp: tx.lastMeterAt.toISOString(),
      transactionId: -1,
      reason: "PowerLoss",
    });
    log.warn("transaction interrupted by power loss stopped", { connectorId: tx.connectorId, localTxId: tx.localTxId, meterStopWh: tx.lastMeterWh });
  }
  return interrupted.length;
}
