/**
 * Resident memory idle and with 10,000 transaction messages queued, and the rate at which the
 * station delivers that backlog to a Central System that answers at once (one CALL outstanding).
 *
 * The queue is written while the station is stopped, through the firmware's own repositories, as
 * one offline transaction sampled every second would have left it (StartTransaction, 9,998
 * MeterValues, StopTransaction): producing 10,000 real messages takes the station about 30 minutes
 * (see test/chaos/offline-backlog.test.ts, whose full run reports the same figures).
 */
import { meterValue } from "../../src/station/metering/sampled-values.ts";
import { openStore } from "../../src/store/db.ts";
import { unsyncedRemovalLimit } from "../../src/store/outbox-repo.ts";
import { TransactionRepo } from "../../src/store/transaction-repo.ts";
import { anonymousMb, type Bench, BenchStation, residentMb, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const backlog = 10_000;
const settleMs = 5000;
const stallMs = 2;

export const bench: Bench = {
  name: "memory and replay",
  async run() {
    const csms = new LoopbackCsms().start();
    const station = new BenchStation({ url: csms.url });
    try {
      station.start();
      await station.waitForLine(/registration accepted/);
      await Bun.sleep(settleMs);
      const [idleMb, idleAnonMb] = [residentMb(station.pid), anonymousMb(station.pid)];
      await station.stop();

      queueOfflineTransaction(station.dataDir, backlog);
      csms.isRefusing = true;
      station.start();
      await station.waitForLine(/database open/);
      await Bun.sleep(settleMs);
      const [queuedMb, queuedAnonMb] = [residentMb(station.pid), anonymousMb(station.pid)];

      const from = csms.calls.length;
      const delivered = () => csms.count("MeterValues") + csms.count("StartTransaction") + csms.count("StopTransaction");
      const already = delivered();
      csms.isRefusing = false;
      await waitFor(() => delivered() - already >= backlog, 120_000);
      const list = csms.calls.slice(from).filter((c) => c.action === "MeterValues" || c.action.endsWith("Transaction"));
      const replaySec = (list[backlog - 1]!.atMs - list[0]!.atMs) / 1000;
      const [afterMb, afterAnonMb] = [residentMb(station.pid), anonymousMb(station.pid)];
      const anon = (mb: number) => `${mb.toFixed(1)} MB anonymous, the rest clean pages of the executable`;
      return [
        { figure: "idle RSS", value: idleMb, unit: "MB", target: { op: "<", value: 60 }, note: `${settleMs / 1000} s after registration; ${anon(idleAnonMb)}` },
        { figure: `RSS with ${backlog.toLocaleString("en-US")} messages queued`, value: queuedMb, unit: "MB", target: { op: "<", value: 80 }, note: `offline, queue written beforehand; ${anon(queuedAnonMb)}` },
        { figure: "RSS after delivering them", value: afterMb, unit: "MB", note: anon(afterAnonMb) },
        {
          figure: "offline backlog replay",
          value: backlog / replaySec,
          unit: "msg/s",
          target: { op: ">=", value: 3500 },
          note: `${backlog.toLocaleString("en-US")} messages in ${replaySec.toFixed(2)} s, in order, a commit per answer, an fsync per ${unsyncedRemovalLimit + 1} MeterValues; ${gapsOf(list.slice(0, backlog))}`,
        },
      ] satisfies Row[];
    } finally {
      await station.remove();
      csms.stop();
    }
  },
};

/** Between consecutive arrivals at the Central System: the median, and the stalls (a disk's fsync, a checkpoint, a GC). */
function gapsOf(calls: { atMs: number }[]): string {
  const gaps = calls.slice(1).map((call, i) => call.atMs - calls[i]!.atMs).sort((a, b) => a - b);
  const stalls = gaps.filter((gap) => gap > stallMs);
  const stalledMs = stalls.reduce((sum, gap) => sum + gap, 0);
  return `median gap ${gaps[gaps.length >> 1]!.toFixed(3)} ms, ${stalls.length} over ${stallMs} ms (${(stalledMs / 1000).toFixed(2)} s)`;
}

/** Polls: waking on every frame would cost the Central System the time the replay is measured in. */
async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("the backlog was not delivered in time");
    await Bun.sleep(100);
  }
}

/** StartTransaction, MeterValues every second, StopTransaction: `count` messages in the outbox. */
function queueOfflineTransaction(dataDir: string, count: number): void {
  const store = openStore(dataDir);
  try {
    const transactions = new TransactionRepo(store.db);
    const startedAt = new Date(Date.now() - count * 1000);
    const at = (second: number) => new Date(startedAt.getTime() + second * 1000);
    const tx = transactions.begin(
      { connectorId: 1, idTag: "BE4C0002", meterStartWh: 0, startedAt },
      { connectorId: 1, idTag: "BE4C0002", meterStart: 0, timestamp: startedAt.toISOString() },
    );
    const snapshot = (wh: number) => ({ energyWh: wh, powerW: 22_080, offeredA: 32 });
    for (let second = 1; second <= count - 2; second++) {
      const wh = Math.round(second * 6.13);
      const payload = { connectorId: 1, meterValue: [meterValue(at(second), ["Energy.Active.Import.Register"], snapshot(wh), "Sample.Periodic")] };
      transactions.recordMeter(tx.localTxId, wh, at(second), payload);
    }
    const stopWh = Math.round((count - 1) * 6.13);
    transactions.end(tx.localTxId, { at: at(count - 1), meterStopWh: stopWh, reason: "Local" }, { meterStop: stopWh, timestamp: at(count - 1).toISOString(), transactionId: -1, reason: "Local" });
  } finally {
    store.close();
  }
}
