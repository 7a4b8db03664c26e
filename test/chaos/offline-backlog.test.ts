/**
 * Long network loss (issue 5): the Central System goes away while EVs charge on both connectors,
 * session after session (started offline, stopped by unplugging), with a meter sample per transaction
 * and a clock-aligned reading of each connector and the station every second. The compiled station
 * queues OFFLINE_BACKLOG_MESSAGES transaction messages (CI default 500; the 10,000 by hand,
 * about 30 minutes: the station makes about 5.5 a second) and, once the Central System is back,
 * delivers every one, in order, each transaction under the id the Central System gave it.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { buildBinary } from "../support/binary.ts";
import { BinaryStation } from "../support/binary-station.ts";
import { tempDir } from "../support/temp-dir.ts";
import { TestCsms } from "../support/test-csms.ts";
import { alignedGaps, type Delivery, TransactionLedger } from "../support/transaction-ledger.ts";

const target = Number(process.env.OFFLINE_BACKLOG_MESSAGES ?? 500);
/** The station makes about 5.5 messages a second; this leaves room on a slow machine. */
const outageLimitMs = (target / 2) * 1000 + 60_000;
const idTags = { 1: "0FF11AE1", 2: "0FF11AE2" } as const;

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: BinaryStation | undefined;
afterAll(async () => {
  if (station?.isRunning) await station.kill();
  csms?.stop();
});

describe("a long network loss", () => {
  test(`${target} transaction messages queued offline all arrive, in order, once the Central System is back`, async () => {
    const ledger = new TransactionLedger();
    csms = new TestCsms().start();
    csms.answer = (call) => ledger.answer(call);
    const cwd = tempDir();
    station = new BinaryStation(cwd, {
      centralSystem: { url: csms.url, reconnect: { minSec: 1, maxSec: 5 } },
      ocpp: {
        MinimumStatusDuration: 0,
        MeterValueSampleInterval: 1,
        ClockAlignedDataInterval: 1,
        AllowOfflineTxForUnknownId: true,
        StopTransactionOnEVSideDisconnect: true,
      },
    });
    const process = await station.startRegistered();
    await Bun.sleep(1000);

    const port = csms.port;
    csms.stop();
    const outageStartMs = Date.now();
    const outbox = queuedCounter(join(cwd, "data", "station.db"));
    await chargeUntil(station, () => outbox.count() >= target || Date.now() - outageStartMs > outageLimitMs);
    const queued = outbox.count();
    const rssKb = residentKb(process.pid);
    const outageEndMs = Date.now();
    console.log(`offline-backlog: ${queued} messages queued in ${seconds(outageEndMs - outageStartMs)} s, station RSS ${Math.round(rssKb / 1024)} MB`);
    expect(queued).toBeGreaterThanOrEqual(target);

    const callsBefore = csms.calls.length;
    csms.start(port);
    await waitFor(() => outbox.count() <= 3, 60_000 + queued * 10, "the backlog delivered");
    const replayed = csms.calls.slice(callsBefore).filter((call) => call.action === "MeterValues" || call.action.endsWith("Transaction"));
    const replayMs = (replayed[queued - 1]?.at ?? NaN) - (replayed[0]?.at ?? NaN);
    console.log(`offline-backlog: ${queued} replayed in ${seconds(replayMs)} s (${Math.round(queued / (replayMs / 1000))} messages/s)`);
    expect(await station.stop()).toBe(0);
    outbox.close();

    const report = ledger.check(csms.calls, { sampleIntervalSec: 1 });
    const createdOffline = report.deliveries.filter((d) => createdAtMs(d) >= outageStartMs && createdAtMs(d) <= outageEndMs);
    console.log(`offline-backlog: ${report.transactions.length} transactions, ${createdOffline.length} messages created offline, ${report.duplicates.length} arrived twice`);
    expect(csms.schemaViolations).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(createdOffline.length).toBeGreaterThanOrEqual(queued);
    expect(outOfOrder(report.deliveries)).toEqual([]);
    expect(alignedGaps(report.deliveries, station.runs)).toEqual([]);
    // Only the message in flight when the Central System went away may have come twice.
    expect(report.duplicates.every((d) => csms!.calls[d.arrivals[0]!]!.at < outageStartMs)).toBe(true);
    expect(report.duplicates.length).toBeLessThanOrEqual(1);
    expect(report.transactions.filter((tx) => tx.startAtMs > outageStartMs && tx.startAtMs < outageEndMs).length).toBeGreaterThan(2);
  }, outageLimitMs + 300_000);
});

/**
 * Sessions on both connectors, one after the other, started with a card while offline and stopped
 * by unplugging (StopTransactionOnEVSideDisconnect), until `isDone`; then every EV is unplugged.
 */
async function chargeUntil(station: BinaryStation, isDone: () => boolean): Promise<void> {
  const endsAtMs: Record<1 | 2, number> = { 1: 0, 2: 0 };
  let nextSwipeAtMs = 0;
  while (!isDone()) {
    for (const id of [1, 2] as const) {
      if (endsAtMs[id] === 0 && Date.now() >= nextSwipeAtMs) {
        await station.sim("plug", String(id));
        await station.sim("swipe", idTags[id]);
        // One reader: the next card after this one has left it (VirtualWorld holds a card 1.5 s).
        nextSwipeAtMs = Date.now() + 1600;
        endsAtMs[id] = Date.now() + 3000 + Math.floor(Math.random() * 12_000);
      } else if (endsAtMs[id] !== 0 && Date.now() >= endsAtMs[id]) {
        await station.sim("unplug", String(id));
        endsAtMs[id] = 0;
      }
    }
    await Bun.sleep(200);
  }
  for (const id of [1, 2] as const) if (endsAtMs[id] !== 0) await station.sim("unplug", String(id));
}

/** How many messages wait in the station's outbox, read alongside the running station (WAL). */
function queuedCounter(file: string) {
  let db: Database | undefined;
  return {
    count(): number {
      db ??= new Database(file, { readonly: true });
      return db.query<{ n: number }, []>("select count(*) as n from outbox").get()!.n;
    },
    close: () => db?.close(),
  };
}

function createdAtMs(delivery: Delivery): number {
  const { payload } = delivery;
  return Date.parse(payload.timestamp ?? payload.meterValue[0].timestamp);
}

/**
 * The outbox is delivered in the order it was written. Messages carry the time they were made,
 * except clock-aligned readings, which carry their boundary and are written moments after it.
 */
function outOfOrder(deliveries: readonly Delivery[]): string[] {
  const alignedLagMs = 250;
  const isAligned = (d: Delivery) => d.action === "MeterValues" && d.payload.meterValue[0].sampledValue[0].context === "Sample.Clock";
  const problems: string[] = [];
  for (let i = 1; i < deliveries.length; i++) {
    const [before, after] = [deliveries[i - 1]!, deliveries[i]!];
    const slackMs = isAligned(before) || isAligned(after) ? alignedLagMs : 0;
    if (createdAtMs(after) < createdAtMs(before) - slackMs) {
      problems.push(`${after.action} of ${new Date(createdAtMs(after)).toISOString()} arrived after ${before.action} of ${new Date(createdAtMs(before)).toISOString()}`);
    }
  }
  return problems;
}

async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await Bun.sleep(200);
  }
}

function residentKb(pid: number): number {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? NaN);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
