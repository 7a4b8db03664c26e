import type { MeterValue } from "../../messages/meter-value.ts";
import type { Configuration } from "../configuration/configuration.ts";
import type { Clock, Log, Outbox, StorageHealth, TransactionStore } from "../ports.ts";
import { meterValue, nextAlignedBoundary, type MeterSnapshot } from "./sampled-values.ts";

/** While energy may flow the register is kept this fresh in the store, for a stop after power loss. */
const persistEveryMs = 15_000;
/** StopTransaction.transactionData is thinned out beyond this many values, keeping begin and end (E3.89). */
const maxTransactionDataValues = 48;

type Options = {
  clock: Clock;
  configuration: Configuration;
  transactions: TransactionStore;
  outbox: Outbox;
  connectorIds: readonly number[];
  /** Connector 0: the station total. */
  snapshot(connectorId: number): MeterSnapshot;
  /** Something was queued: delivery may proceed. */
  queued(): void;
  /** While full, readings are not written: the space left is kept for the stops of running transactions. */
  storage: StorageHealth;
  /** Each periodic sample of a running transaction, once it is stored. */
  sampled?(tx: { localTxId: number; connectorId: number }, snapshot: MeterSnapshot, at: Date): void;
  log: Log;
};

type Running = { localTxId: number; connectorId: number; startedAt: Date; lastSampleWh: number; transactionData: MeterValue[]; cancelTimers: (() => void)[] };

/**
 * MeterValues (SPEC-DIGEST §9.6): sampled every MeterValueSampleInterval from each transaction's
 * start, clock-aligned every ClockAlignedDataInterval from 00:00 UTC for every connector and the
 * station (0), and StopTxn*Data collected for StopTransaction. Everything queued durably (§8.5).
 */
export class Metering {
  private readonly running = new Map<number, Running>();
  private readonly lastAlignedWh = new Map<number, number>();
  private cancelAligned: (() => void) | undefined;
  /** The last clock-aligned boundary sampled. */
  private lastAlignedAt: Date | undefined;
  private failedWrites = 0;

  constructor(private readonly options: Options) {
    options.configuration.onChange((key) => {
      if (key === "ClockAlignedDataInterval") this.scheduleAligned();
      if (key === "MeterValueSampleInterval") for (const tx of this.running.values()) this.scheduleSample(tx);
    });
  }

  start(): void {
    this.scheduleAligned();
  }

  stop(): void {
    this.cancelAligned?.();
    for (const tx of this.running.values()) tx.cancelTimers.forEach((cancel) => cancel());
    this.running.clear();
  }

  transactionStarted(connectorId: number, localTxId: number, startedAt: Date): void {
    const snapshot = this.options.snapshot(connectorId);
    const tx: Running = { localTxId, connectorId, startedAt, lastSampleWh: snapshot.energyWh, transactionData: [], cancelTimers: [] };
    const begin = this.stopTxnMeasurands();
    if (begin.length > 0) tx.transactionData.push(meterValue(startedAt, begin, snapshot, "Transaction.Begin", snapshot.energyWh));
    this.running.set(connectorId, tx);
    this.scheduleSample(tx);
    this.schedulePersist(tx);
  }

  /** Ends sampling; returns the transactionData for StopTransaction (undefined when none is configured, C§3.16.5). */
  transactionStopping(connectorId: number, at: Date): MeterValue[] | undefined {
    const tx = this.running.get(connectorId);
    if (!tx) return undefined;
    tx.cancelTimers.forEach((cancel) => cancel());
    this.running.delete(connectorId);
    const measurands = this.stopTxnMeasurands();
    if (measurands.length === 0) return undefined;
    tx.transactionData.push(meterValue(at, measurands, this.options.snapshot(connectorId), "Transaction.End", tx.lastSampleWh));
    return tx.transactionData;
  }

  /** TriggerMessage(MeterValues) and diag: the configured sampled measurands now (C§5.17, E3.46). */
  triggered(connectorId: number): MeterValue {
    const measurands = this.options.configuration.list("MeterValuesSampledData");
    return meterValue(this.options.clock.now(), measurands, this.options.snapshot(connectorId), "Trigger");
  }

  private stopTxnMeasurands(): string[] {
    const { configuration } = this.options;
    return [...new Set([...configuration.list("StopTxnSampledData"), ...configuration.list("StopTxnAlignedData")])];
  }

  private scheduleSample(tx: Running): void {
    const intervalSec = this.options.configuration.integer("MeterValueSampleInterval");
    tx.cancelTimers[0]?.();
    if (intervalSec <= 0) return;
    const intervalMs = intervalSec * 1000;
    const elapsed = this.options.clock.now().getTime() - tx.startedAt.getTime();
    const delay = intervalMs - (elapsed % intervalMs);
    tx.cancelTimers[0] = this.options.clock.after(delay, () => {
      this.sample(tx);
      this.scheduleSample(tx);
    });
  }

  private sample(tx: Running): void {
    const { clock, configuration, transactions } = this.options;
    const at = clock.now();
    const snapshot = this.options.snapshot(tx.connectorId);
    const measurands = configuration.list("MeterValuesSampledData");
    const payload = measurands.length > 0 ? { connectorId: tx.connectorId, meterValue: [meterValue(at, measurands, snapshot, "Sample.Periodic", tx.lastSampleWh)] } : undefined;
    const stopMeasurands = configuration.list("StopTxnSampledData");
    if (stopMeasurands.length > 0) this.addTransactionData(tx, meterValue(at, stopMeasurands, snapshot, "Sample.Periodic", tx.lastSampleWh));
    tx.lastSampleWh = snapshot.energyWh;
    if (!this.stored("a sampled meter reading", () => transactions.recordMeter(tx.localTxId, snapshot.energyWh, at, payload))) return;
    if (payload) this.options.queued();
    this.options.sampled?.(tx, snapshot, at);
  }

  private schedulePersist(tx: Running): void {
    tx.cancelTimers[1] = this.options.clock.after(persistEveryMs, () => {
      this.stored("the register of a running transaction", () =>
        this.options.transactions.recordMeter(tx.localTxId, this.options.snapshot(tx.connectorId).energyWh, this.options.clock.now()),
      );
      this.schedulePersist(tx);
    });
  }

  private scheduleAligned(): void {
    this.cancelAligned?.();
    const intervalSec = this.options.configuration.integer("ClockAlignedDataInterval");
    if (intervalSec <= 0) return;
    const now = this.options.clock.now();
    // The Central System may set the clock back a little after a boundary was sampled (Heartbeat,
    // BootNotification): the next boundary still comes after the last one, never the same one twice.
    const from = this.lastAlignedAt && this.lastAlignedAt.getTime() >= now.getTime() ? this.lastAlignedAt : now;
    const boundary = nextAlignedBoundary(from, intervalSec);
    this.cancelAligned = this.options.clock.after(Math.max(0, boundary.getTime() - now.getTime()), () => {
      this.lastAlignedAt = boundary;
      this.sampleAligned(boundary);
      this.scheduleAligned();
    });
  }

  private sampleAligned(at: Date): void {
    const { configuration, transactions, outbox } = this.options;
    const measurands = configuration.list("MeterValuesAlignedData");
    const stopMeasurands = configuration.list("StopTxnAlignedData");
    for (const connectorId of [0, ...this.options.connectorIds]) {
      const snapshot = this.options.snapshot(connectorId);
      const intervalStartWh = this.lastAlignedWh.get(connectorId);
      this.lastAlignedWh.set(connectorId, snapshot.energyWh);
      const tx = this.running.get(connectorId);
      if (tx && stopMeasurands.length > 0) this.addTransactionData(tx, meterValue(at, stopMeasurands, snapshot, "Sample.Clock", intervalStartWh));
      if (measurands.length === 0) continue;
      const payload = { connectorId, meterValue: [meterValue(at, measurands, snapshot, "Sample.Clock", intervalStartWh)] };
      this.stored("a clock-aligned meter reading", () => (tx ? transactions.recordMeter(tx.localTxId, snapshot.energyWh, at, payload) : outbox.append({ action: "MeterValues", payload }, null)));
    }
    if (measurands.length > 0) this.options.queued();
  }

  /**
   * A reading the store cannot take (storage full) is lost, and said so once per run of failures; the
   * register itself goes on in the meter, so the transaction is still billed in full at its stop.
   */
  private stored(what: string, write: () => void): boolean {
    try {
      if (this.options.storage.isFull) throw new Error("the storage is full");
      write();
      if (this.failedWrites > 0) this.options.log.info("meter readings are stored again", { lost: this.failedWrites });
      this.failedWrites = 0;
      return true;
    } catch (error) {
      if (this.failedWrites++ === 0) this.options.log.error(`${what} could not be stored; readings are lost until the store takes them again`, { error });
      return false;
    }
  }

  /** E3.89: beyond the limit every second intermediate value goes; Transaction.Begin stays. */
  private addTransactionData(tx: Running, value: MeterValue): void {
    tx.transactionData.push(value);
    if (tx.transactionData.length <= maxTransactionDataValues) return;
    tx.transactionData = tx.transactionData.filter((_, i, all) => i === 0 || i === all.length - 1 || i % 2 === 0);
  }
}
