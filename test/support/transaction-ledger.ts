/**
 * The Central System's books for the chaos tests: stable transaction ids for repeated
 * StartTransactions, and a check of everything the station delivered about its transactions
 * (each started once and stopped once, meter readings monotonic, samples without gaps, in order).
 */
import type { CsmsAnswer } from "../../src/dev/csms-answers.ts";
import type { ReceivedCall } from "./test-csms.ts";

export const transactionActions = new Set(["StartTransaction", "StopTransaction", "MeterValues"]);

/** One distinct transaction message, with every index in `calls` where it arrived. */
export type Delivery = { action: string; payload: any; key: string; arrivals: number[] };

export type LedgerTransaction = {
  transactionId: number;
  connectorId: number;
  meterStart: number;
  startAtMs: number;
  stop?: { meterStop: number; atMs: number; reason: string; transactionData: any[] };
  /** Energy.Active.Import.Register of the transaction's MeterValues, in delivery order. */
  samples: { atMs: number; wh: number; context: string }[];
};

export type LedgerReport = {
  deliveries: Delivery[];
  transactions: LedgerTransaction[];
  /** Deliveries that arrived more than once. */
  duplicates: Delivery[];
  problems: string[];
};

export type CheckOptions = {
  /** MeterValueSampleInterval: each transaction must show one periodic sample per interval, none missing. */
  sampleIntervalSec?: number;
  /** A sample this late after its due time is still counted for it (timer latency). */
  sampleSlackMs?: number;
  /** How often one message may arrive (default 2: the one in flight at a power loss). */
  maxArrivals?: number;
};

export class TransactionLedger {
  private readonly idsByStart = new Map<string, number>();
  private nextTransactionId = 1;

  /**
   * Answers StartTransaction like a Central System that recognises a repeated message: the same
   * content gets the same transactionId. Other actions fall through to the default answers.
   */
  answer(call: ReceivedCall): CsmsAnswer | undefined {
    if (call.action !== "StartTransaction") return undefined;
    const key = keyOf(call);
    let transactionId = this.idsByStart.get(key);
    if (transactionId === undefined) this.idsByStart.set(key, (transactionId = this.nextTransactionId++));
    return { result: { transactionId, idTagInfo: { status: "Accepted" } } };
  }

  check(calls: readonly ReceivedCall[], options: CheckOptions = {}): LedgerReport {
    const problems: string[] = [];
    const deliveries = distinctDeliveries(calls);
    const transactions = new Map<number, LedgerTransaction>();
    for (const delivery of deliveries) {
      if (delivery.arrivals.length > (options.maxArrivals ?? 2)) problems.push(`${delivery.action} #${delivery.arrivals[0]} arrived ${delivery.arrivals.length} times`);
      this.book(delivery, transactions, problems);
    }
    const list = [...transactions.values()].sort((a, b) => a.startAtMs - b.startAtMs);
    for (const tx of list) checkTransaction(tx, options, problems);
    checkConnectors(list, problems);
    checkRegisters(list, alignedReadings(deliveries), problems);
    return { deliveries, transactions: list, duplicates: deliveries.filter((d) => d.arrivals.length > 1), problems };
  }

  private book(delivery: Delivery, transactions: Map<number, LedgerTransaction>, problems: string[]): void {
    const { action, payload } = delivery;
    const at = `${action} #${delivery.arrivals[0]}`;
    if (action === "StartTransaction") {
      const transactionId = this.idsByStart.get(delivery.key)!;
      transactions.set(transactionId, { transactionId, connectorId: payload.connectorId, meterStart: payload.meterStart, startAtMs: Date.parse(payload.timestamp), samples: [] });
      return;
    }
    if (action === "MeterValues" && payload.transactionId === undefined) return; // connector 0 or outside a transaction
    const tx = transactions.get(payload.transactionId);
    if (!tx) return void problems.push(`${at} names transaction ${payload.transactionId}, which was never started before it`);
    if (tx.stop) return void problems.push(`${at} for transaction ${tx.transactionId} arrived after its StopTransaction${action === "StopTransaction" ? " (stopped twice)" : ""}`);
    if (action === "StopTransaction") {
      tx.stop = { meterStop: payload.meterStop, atMs: Date.parse(payload.timestamp), reason: payload.reason ?? "Local", transactionData: payload.transactionData ?? [] };
      return;
    }
    if (payload.connectorId !== tx.connectorId) problems.push(`${at} for transaction ${tx.transactionId} names connector ${payload.connectorId}, not ${tx.connectorId}`);
    for (const value of payload.meterValue) {
      const register = value.sampledValue.find(isRegister);
      if (register) tx.samples.push({ atMs: Date.parse(value.timestamp), wh: Number(register.value), context: register.context ?? "Sample.Periodic" });
    }
  }
}

/** The station's transaction messages, one entry per distinct content, in order of first arrival. */
export function distinctDeliveries(calls: readonly ReceivedCall[]): Delivery[] {
  const byKey = new Map<string, Delivery>();
  calls.forEach((call, index) => {
    if (!transactionActions.has(call.action)) return;
    const key = keyOf(call);
    const known = byKey.get(key);
    if (known) known.arrivals.push(index);
    else byKey.set(key, { action: call.action, payload: call.payload, key, arrivals: [index] });
  });
  return [...byKey.values()];
}

/** Clock-aligned readings (Sample.Clock) per connector, 0 = the station, in order of time. */
export function alignedReadings(deliveries: readonly Delivery[]): Map<number, { atMs: number; wh: number }[]> {
  const byConnector = new Map<number, { atMs: number; wh: number }[]>();
  for (const { action, payload } of deliveries) {
    if (action !== "MeterValues") continue;
    for (const value of payload.meterValue) {
      const register = value.sampledValue.find(isRegister);
      if (register?.context !== "Sample.Clock") continue;
      const list = byConnector.get(payload.connectorId) ?? [];
      list.push({ atMs: Date.parse(value.timestamp), wh: Number(register.value) });
      byConnector.set(payload.connectorId, list);
    }
  }
  for (const list of byConnector.values()) list.sort((a, b) => a.atMs - b.atMs);
  return byConnector;
}

/**
 * Within each run of the station (`runs` in time order, the last may still run) one clock-aligned
 * reading per connector and interval, none missing. A reading belongs to the first run that had not
 * ended when it was taken: the station's clock runs a few ms behind the test's, and a kill may follow a
 * reading by less than that, so a run's start cannot tell which side of it a reading fell.
 */
export function alignedGaps(deliveries: readonly Delivery[], runs: readonly { endedAtMs: number | undefined }[], intervalMs = 1000): string[] {
  const gaps: string[] = [];
  const runOf = (atMs: number) => runs.findIndex((run) => run.endedAtMs === undefined || atMs <= run.endedAtMs);
  for (const [connectorId, readings] of alignedReadings(deliveries)) {
    runs.forEach((_, index) => {
      const inRun = readings.filter((r) => runOf(r.atMs) === index);
      for (let i = 1; i < inRun.length; i++) {
        const [before, after] = [inRun[i - 1]!, inRun[i]!];
        if (after.atMs - before.atMs !== intervalMs) gaps.push(`connector ${connectorId}, run ${index}: clock-aligned readings at ${iso(before.atMs)} and then ${iso(after.atMs)}`);
      }
    });
  }
  return gaps;
}

function isRegister(sampled: { measurand?: string }): boolean {
  return (sampled.measurand ?? "Energy.Active.Import.Register") === "Energy.Active.Import.Register";
}

function keyOf(call: Pick<ReceivedCall, "action" | "payload">): string {
  return `${call.action} ${JSON.stringify(call.payload)}`;
}

function checkTransaction(tx: LedgerTransaction, options: CheckOptions, problems: string[]): void {
  const name = `transaction ${tx.transactionId} (connector ${tx.connectorId})`;
  if (!tx.stop) return void problems.push(`${name} was never stopped`);
  const readings = [
    { what: "meterStart", wh: tx.meterStart, atMs: tx.startAtMs },
    ...tx.samples.map((s) => ({ what: "sample", ...s })),
    ...tx.stop.transactionData.flatMap((value: any) =>
      value.sampledValue.filter(isRegister).map((s: any) => ({ what: "transactionData", wh: Number(s.value), atMs: Date.parse(value.timestamp) })),
    ),
    { what: "meterStop", wh: tx.stop.meterStop, atMs: tx.stop.atMs },
  ].sort((a, b) => a.atMs - b.atMs);
  for (let i = 1; i < readings.length; i++) {
    const [before, after] = [readings[i - 1]!, readings[i]!];
    if (after.wh < before.wh) problems.push(`${name}: ${after.what} ${after.wh} Wh at ${iso(after.atMs)} is below ${before.what} ${before.wh} Wh at ${iso(before.atMs)}`);
  }
  if (tx.stop.atMs < tx.startAtMs) problems.push(`${name} stopped at ${iso(tx.stop.atMs)}, before it started`);
  if (options.sampleIntervalSec) checkSampleGaps(tx, options.sampleIntervalSec * 1000, options.sampleSlackMs ?? 250, problems);
}

const earlyMs = 20;

/** Periodic samples fall at start + k·interval: every k up to the stop must be there, each once. */
function checkSampleGaps(tx: LedgerTransaction, intervalMs: number, slackMs: number, problems: string[]): void {
  const name = `transaction ${tx.transactionId} (connector ${tx.connectorId})`;
  const seen = new Map<number, number>();
  for (const sample of tx.samples.filter((s) => s.context === "Sample.Periodic")) {
    // Due at k·interval; a timer may fire a little late, or a millisecond early.
    const k = Math.floor((sample.atMs - tx.startAtMs + earlyMs) / intervalMs);
    const lateMs = sample.atMs - tx.startAtMs - k * intervalMs;
    if (k < 1 || lateMs > slackMs) problems.push(`${name}: a sample at ${iso(sample.atMs)} is ${lateMs} ms after its due time`);
    seen.set(k, (seen.get(k) ?? 0) + 1);
  }
  for (const [k, count] of seen) if (count > 1) problems.push(`${name}: ${count} different samples for interval ${k}`);
  // A stop (or the last reading before a power loss) within the slack of a due time may precede that sample.
  const lastDue = Math.floor((tx.stop!.atMs - tx.startAtMs - slackMs) / intervalMs);
  const missing = Array.from({ length: Math.max(0, lastDue) }, (_, i) => i + 1).filter((k) => !seen.has(k));
  if (missing.length > 0) problems.push(`${name}: samples missing for intervals ${missing.join(",")} of ${lastDue}`);
}

/** On each connector transactions follow one another and its register never goes back between them. */
function checkConnectors(transactions: readonly LedgerTransaction[], problems: string[]): void {
  const byConnector = Map.groupBy(transactions, (tx) => tx.connectorId);
  for (const [connectorId, list] of byConnector) {
    for (let i = 1; i < list.length; i++) {
      const [before, after] = [list[i - 1]!, list[i]!];
      if (!before.stop) continue;
      if (after.startAtMs < before.stop.atMs) problems.push(`connector ${connectorId}: transaction ${after.transactionId} started at ${iso(after.startAtMs)} while ${before.transactionId} ran until ${iso(before.stop.atMs)}`);
      if (after.meterStart < before.stop.meterStop) {
        problems.push(`connector ${connectorId}: transaction ${after.transactionId} meterStart ${after.meterStart} Wh is below meterStop ${before.stop.meterStop} Wh of transaction ${before.transactionId} before it`);
      }
    }
  }
}

/**
 * Every reading of a connector's register the Central System got (transaction or clock-aligned,
 * connector 0 the station total), in time order, never goes back: not across transactions, not
 * across restarts.
 */
function checkRegisters(transactions: readonly LedgerTransaction[], aligned: Map<number, { atMs: number; wh: number }[]>, problems: string[]): void {
  const readings = new Map<number, { atMs: number; wh: number; what: string }[]>();
  const add = (connectorId: number, atMs: number, wh: number, what: string) => {
    const list = readings.get(connectorId) ?? [];
    list.push({ atMs, wh, what });
    readings.set(connectorId, list);
  };
  for (const tx of transactions) {
    add(tx.connectorId, tx.startAtMs, tx.meterStart, `meterStart of ${tx.transactionId}`);
    for (const sample of tx.samples) add(tx.connectorId, sample.atMs, sample.wh, `${sample.context} of ${tx.transactionId}`);
    if (tx.stop) add(tx.connectorId, tx.stop.atMs, tx.stop.meterStop, `meterStop of ${tx.transactionId}`);
  }
  for (const [connectorId, list] of aligned) for (const reading of list) add(connectorId, reading.atMs, reading.wh, "Sample.Clock");
  for (const [connectorId, list] of readings) {
    list.sort((a, b) => a.atMs - b.atMs);
    for (let i = 1; i < list.length; i++) {
      const [before, after] = [list[i - 1]!, list[i]!];
      if (after.wh < before.wh) problems.push(`connector ${connectorId}: ${after.what} ${after.wh} Wh at ${iso(after.atMs)} is below ${before.what} ${before.wh} Wh at ${iso(before.atMs)}`);
    }
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
