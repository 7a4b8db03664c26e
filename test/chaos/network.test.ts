/**
 * An unreliable Central System (issue 7): for NETWORK_CHAOS_SECONDS (default 60) it drops the
 * connection at random moments, answers late (past the station's response timeout) or with a
 * CALLERROR, and restarts now and then, while EVs charge on both connectors and it stops some
 * transactions remotely. Afterwards every transaction the station started is in the books exactly
 * once, started and stopped, and a message only came again when its first delivery was disturbed.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { buildBinary } from "../support/binary.ts";
import { BinaryStation } from "../support/binary-station.ts";
import { chaosSeed, SeededRandom } from "../support/seeded-random.ts";
import { SessionDriver } from "../support/session-driver.ts";
import { tempDir } from "../support/temp-dir.ts";
import { type ReceivedCall, TestCsms } from "../support/test-csms.ts";
import { alignedGaps, type LedgerReport, TransactionLedger } from "../support/transaction-ledger.ts";

const chaosMs = Number(process.env.NETWORK_CHAOS_SECONDS ?? 60) * 1000;
const seed = chaosSeed();
const responseTimeoutSec = 2;
/** Errors and late answers per message stay below TransactionMessageAttempts, so none is given up. */
const transactionMessageAttempts = 5;

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: BinaryStation | undefined;
afterAll(async () => {
  if (station?.isRunning) await station.kill();
  csms?.stop();
});

/** The Central System's bad habits, and which deliveries they disturbed. */
class Disturbances {
  isOn = true;
  readonly disturbed = new Set<ReceivedCall>();
  readonly counts = { drops: 0, late: 0, errors: 0, restarts: 0 };
  private readonly failures = new Map<string, number>();
  private readonly unanswered = new Set<ReceivedCall>();
  private readonly answeredAt = new Map<ReceivedCall, number>();

  constructor(
    private readonly csms: TestCsms,
    private readonly random: SeededRandom,
  ) {}

  /** Wraps the normal answer with a drop, a late answer or a CALLERROR, now and then. */
  async answer(call: ReceivedCall, normal: () => ReturnType<TestCsms["answer"]>) {
    this.unanswered.add(call);
    try {
      return await this.misbehave(call, normal);
    } finally {
      this.unanswered.delete(call);
      this.answeredAt.set(call, Date.now());
    }
  }

  /** Every connection ends; what was unanswered or just answered may come again. */
  cutConnections(how: () => void): void {
    const now = Date.now();
    for (const call of this.unanswered) this.disturbed.add(call);
    for (const [call, at] of this.answeredAt) if (now - at < 200) this.disturbed.add(call);
    how();
  }

  private async misbehave(call: ReceivedCall, normal: () => ReturnType<TestCsms["answer"]>) {
    // A BootNotification error costs the station 10 s of back-off; the link is what this test is about.
    if (!this.isOn || call.action === "BootNotification") return normal();
    const key = `${call.action} ${JSON.stringify(call.payload)}`;
    const mayFail = (this.failures.get(key) ?? 0) < transactionMessageAttempts - 2;
    const roll = this.random.next();
    if (roll < 0.02) {
      this.counts.drops++;
      this.cutConnections(() => this.csms.dropConnections());
      return normal();
    }
    if (roll < 0.07 && mayFail) {
      this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
      this.disturbed.add(call);
      this.counts.late++;
      await Bun.sleep(responseTimeoutSec * 1000 + this.random.int(200, 1500));
      return normal();
    }
    if (roll < 0.12 && mayFail) {
      this.failures.set(key, (this.failures.get(key) ?? 0) + 1);
      this.disturbed.add(call);
      this.counts.errors++;
      return { error: this.random.pick(["InternalError", "GenericError", "NotImplemented"]), description: "chaos" };
    }
    return normal();
  }
}

describe("an unreliable Central System", () => {
  test("drops, late answers, CALLERRORs and restarts: every transaction accounted for exactly once", async () => {
    console.log(`network: ${chaosMs / 1000} s of chaos, CHAOS_SEED=${seed}`);
    const random = new SeededRandom(seed);
    const ledger = new TransactionLedger();
    const testCsms = (csms = new TestCsms().start());
    const port = testCsms.port;
    const disturbances = new Disturbances(testCsms, random);
    testCsms.answer = (call) => disturbances.answer(call, () => ledger.answer(call));
    const binary = (station = new BinaryStation(tempDir(), {
      centralSystem: { url: testCsms.url, reconnect: { minSec: 0.2, maxSec: 1 }, responseTimeoutSec },
      ocpp: {
        MinimumStatusDuration: 0,
        MeterValueSampleInterval: 1,
        ClockAlignedDataInterval: 1,
        TransactionMessageAttempts: transactionMessageAttempts,
        TransactionMessageRetryInterval: 1,
        AllowOfflineTxForUnknownId: true,
      },
    }));
    await binary.explainingFailure(() => chaosThenBooks(binary, testCsms, port, ledger, disturbances, random));
  }, chaosMs + 180_000);
});

/** The chaos, then the books: every transaction the station started is there once, started and stopped. */
async function chaosThenBooks(station: BinaryStation, testCsms: TestCsms, port: number, ledger: TransactionLedger, disturbances: Disturbances, random: SeededRandom): Promise<void> {
  await station.startRegistered();
  const driver = new SessionDriver(station, random, { 1: "0BADC0DE", 2: "0BADF00D" });

  const endsAtMs = Date.now() + chaosMs;
  // Joined at once, so a failure in either is never an unhandled rejection while the EVs are driven.
  const background = Promise.all([restartNowAndThen(testCsms, port, disturbances, random, endsAtMs), stopRemotelyNowAndThen(testCsms, ledger, random, endsAtMs)]);
  background.catch(() => {});
  while (Date.now() < endsAtMs) await driver.step();
  await background;

  disturbances.isOn = false;
  await testCsms.until(() => testCsms.isStationConnected, 10_000, "the station back");
  expect(await station.stop()).toBe(0);
  await station.startRegistered();
  await testCsms.until(() => allStopped(ledger.check(testCsms.calls)), 60_000, "every transaction stopped");
  await Bun.sleep(1000);
  expect(await station.stop()).toBe(0);

  const report = ledger.check(testCsms.calls, { sampleIntervalSec: 1, maxArrivals: Infinity });
  const { counts } = disturbances;
  console.log(
    `network: ${counts.drops} drops, ${counts.restarts} restarts, ${counts.late} late answers, ${counts.errors} CALLERRORs; ` +
      `${report.transactions.length} transactions, ${report.deliveries.length} transaction messages, ${report.duplicates.length} came again`,
  );
  expect(testCsms.schemaViolations).toEqual([]);
  expect(report.problems).toEqual([]);
  expect(undisturbedRepeats(report, testCsms.calls, disturbances.disturbed)).toEqual([]);
  expect(alignedGaps(report.deliveries, station.runs)).toEqual([]);
  expect(stationBooks(station)).toEqual({
    started: report.transactions.length,
    stopped: report.transactions.filter((tx) => tx.stop).length,
  });
  // The chaos must have happened, or this proved nothing.
  expect(Math.min(counts.drops + counts.restarts, counts.late, counts.errors)).toBeGreaterThan(0);
  expect(report.transactions.length).toBeGreaterThanOrEqual(3);
}

/** The Central System goes down every 4-12 s for 0.3-3 s. */
async function restartNowAndThen(csms: TestCsms, port: number, disturbances: Disturbances, random: SeededRandom, endsAtMs: number): Promise<void> {
  while (Date.now() < endsAtMs) {
    await Bun.sleep(random.int(4000, 12_000));
    disturbances.counts.restarts++;
    disturbances.cutConnections(() => csms.stop());
    await Bun.sleep(random.int(300, 3000));
    csms.start(port);
  }
}

/** Every 2-6 s the Central System stops a running transaction (RemoteStopTransaction). */
async function stopRemotelyNowAndThen(csms: TestCsms, ledger: TransactionLedger, random: SeededRandom, endsAtMs: number): Promise<void> {
  while (Date.now() < endsAtMs) {
    await Bun.sleep(random.int(2000, 6000));
    const running = ledger.check(csms.calls).transactions.filter((tx) => !tx.stop);
    if (running.length === 0 || !csms.isStationConnected) continue;
    const { transactionId } = random.pick(running);
    try {
      await Promise.race([csms.call("RemoteStopTransaction", { transactionId }), Bun.sleep(3000)]);
    } catch {
      // the station went away in between
    }
  }
}

function allStopped(report: LedgerReport): boolean {
  return report.transactions.every((tx) => tx.stop !== undefined);
}

/** A message may come again only if its earlier delivery was dropped, answered late or refused. */
function undisturbedRepeats(report: LedgerReport, calls: readonly ReceivedCall[], disturbed: ReadonlySet<ReceivedCall>): string[] {
  return report.duplicates.flatMap((duplicate) =>
    duplicate.arrivals
      .slice(0, -1)
      .filter((index) => !disturbed.has(calls[index]!))
      .map((index) => `${duplicate.action} #${index} came again (${duplicate.arrivals.join(",")}) though it was answered in time`),
  );
}

/** What the station itself logged: the transactions it started and stopped, over all its runs. */
function stationBooks(station: BinaryStation): { started: number; stopped: number } {
  const logs = station.outputs.join("");
  const ids = (pattern: RegExp) => new Set([...logs.matchAll(pattern)].map((match) => match[1])).size;
  return { started: ids(/transaction started .*?localTxId=(\d+)/g), stopped: ids(/transaction stopped .*?localTxId=(\d+)/g) };
}

