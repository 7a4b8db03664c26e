/**
 * Power loss (issue 5, issue 7): the compiled station is killed with SIGKILL at random moments while
 * EVs charge on both connectors, and started again on the same configuration, POWER_LOSS_ROUNDS
 * times (default 50). The Central System's books must show every transaction started once and
 * stopped once (PowerLoss for those the kill cut), meter readings that never go back, no sample
 * missing, and no message twice but the one in flight at a kill.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { buildBinary } from "../support/binary.ts";
import { BinaryStation, type StationRun } from "../support/binary-station.ts";
import { chaosSeed, SeededRandom } from "../support/seeded-random.ts";
import { SessionDriver } from "../support/session-driver.ts";
import { tempDir } from "../support/temp-dir.ts";
import { TestCsms } from "../support/test-csms.ts";
import { alignedGaps, type LedgerReport, TransactionLedger, transactionActions } from "../support/transaction-ledger.ts";

const rounds = Number(process.env.POWER_LOSS_ROUNDS ?? 50);
const seed = chaosSeed();
const idTags = { 1: "C0FFEE01", 2: "C0FFEE02" } as const;

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: BinaryStation | undefined;
afterAll(async () => {
  if (station?.isRunning) await station.kill();
  csms?.stop();
});

describe("power loss at random moments", () => {
  test(`${rounds} SIGKILLs while charging on both connectors lose nothing and double nothing but the message in flight`, async () => {
    console.log(`power-loss: ${rounds} rounds, CHAOS_SEED=${seed}`);
    const random = new SeededRandom(seed);
    const ledger = new TransactionLedger();
    csms = new TestCsms().start();
    let killOnMessage: { power: PowerSwitch; isBeforeAnswer: boolean } | undefined;
    csms.answer = async (call) => {
      const answer = ledger.answer(call);
      const kill = killOnMessage;
      if (kill && transactionActions.has(call.action)) {
        killOnMessage = undefined;
        if (kill.isBeforeAnswer) await kill.power.cut();
        else setTimeout(() => void kill.power.cut(), 0);
      }
      return answer;
    };
    station = new BinaryStation(tempDir(), {
      centralSystem: { url: csms.url, reconnect: { minSec: 0.2, maxSec: 1 }, responseTimeoutSec: 5 },
      ocpp: { MinimumStatusDuration: 0, MeterValueSampleInterval: 1, ClockAlignedDataInterval: 1 },
    });
    const driver = new SessionDriver(station, random, idTags);
    const startedAt = Date.now();

    for (let round = 0; round < rounds; round++) {
      const process = station.start();
      const power = new PowerSwitch(station);
      if (random.chance(0.1)) {
        // Now and then the power goes while the station is still starting or recovering.
        await Bun.sleep(random.int(0, 250));
        await power.cut();
        continue;
      }
      await process.waitForLine(/registration accepted/, 15_000);
      if (random.chance(0.3)) {
        // The worst moment: a transaction message is on the wire, answered or not yet.
        const armAfterMs = random.int(300, 3000);
        const isBeforeAnswer = random.chance(0.5);
        setTimeout(() => (killOnMessage = { power, isBeforeAnswer }), armAfterMs);
        setTimeout(() => void power.cut(), armAfterMs + 5000);
      } else {
        setTimeout(() => void power.cut(), random.int(300, 4500));
      }
      while (!power.isCut) await driver.step();
      await power.cut();
      killOnMessage = undefined;
      driver.forgetCharging();
    }

    // Back on for good: a clean stop ends what runs (Reboot), the next start delivers the rest.
    await station.startRegistered();
    await Bun.sleep(1500);
    expect(await station.stop()).toBe(0);
    await station.startRegistered();
    await csms.until(() => allStopped(ledger.check(csms!.calls)), 30_000, "every transaction stopped");
    await Bun.sleep(1000);
    expect(await station.stop()).toBe(0);

    const report = ledger.check(csms.calls, { sampleIntervalSec: 1 });
    const killed = station.runs.filter((run) => run.end === "killed").length;
    const powerLossStops = report.transactions.filter((tx) => tx.stop?.reason === "PowerLoss").length;
    const samples = report.transactions.reduce((sum, tx) => sum + tx.samples.length, 0);
    console.log(
      `power-loss: ${killed} kills, ${report.transactions.length} transactions (${powerLossStops} stopped by PowerLoss), ${samples} meter samples, ` +
        `${report.deliveries.length} transaction messages, ${report.duplicates.length} arrived twice, ${Math.round((Date.now() - startedAt) / 1000)} s`,
    );
    expect(csms.schemaViolations).toEqual([]);
    expect(report.problems).toEqual([]);
    expect(misplacedDuplicates(report, csms)).toEqual([]);
    expect(report.duplicates.length).toBeLessThanOrEqual(killed);
    expect(stopsOutOfRun(report, station.runs)).toEqual([]);
    expect(alignedGaps(report.deliveries, station.runs)).toEqual([]);
    // The run must really have cut charging sessions, or it proved nothing.
    expect(report.transactions.length).toBeGreaterThanOrEqual(rounds / 2);
    expect(powerLossStops).toBeGreaterThanOrEqual(rounds / 4);
  }, 600_000);
});

/** SIGKILL for the current run, once, whoever pulls it first. */
class PowerSwitch {
  private cutting: Promise<void> | undefined;

  constructor(private readonly station: BinaryStation) {}

  get isCut(): boolean {
    return this.cutting !== undefined;
  }

  cut(): Promise<void> {
    this.cutting ??= this.station.kill();
    return this.cutting;
  }
}

function allStopped(report: LedgerReport): boolean {
  return report.transactions.every((tx) => tx.stop !== undefined);
}

/**
 * The only message that may arrive twice is the one in flight at a kill: its first copy is the last
 * transaction message before the next BootNotification, its second copy comes after it.
 */
function misplacedDuplicates(report: LedgerReport, csms: TestCsms): string[] {
  const calls = csms.calls;
  return report.duplicates.flatMap((duplicate) => {
    const [first, second] = duplicate.arrivals as [number, number];
    const boot = calls.findIndex((call, index) => index > first && call.action === "BootNotification");
    const lastBeforeBoot = calls.findLastIndex((call, index) => index < boot && transactionActions.has(call.action));
    const isInFlight = boot >= 0 && boot < second && lastBeforeBoot === first;
    return isInFlight ? [] : [`${duplicate.action} ${JSON.stringify(duplicate.payload)} arrived at ${first} and ${second}, not across a restart as the message in flight`];
  });
}

/**
 * A transaction starts and ends within one run; PowerLoss only for runs that were killed, Reboot only for clean stops.
 * Times are the station's, whose clock follows the Central System's a few ms behind the test's (the
 * latency of BootNotification.conf); a run's start is a point the station cannot act within, while a
 * kill may come a ms after the last meter sample, before the next run starts, so a stop is judged by
 * the end of the run its transaction started in.
 */
function stopsOutOfRun(report: LedgerReport, runs: readonly StationRun[]): string[] {
  const clockLagMs = 5;
  const runOf = (ms: number) => runs.findLastIndex((run) => run.startedAtMs <= ms + clockLagMs);
  return report.transactions.flatMap((tx) => {
    if (!tx.stop) return [];
    const startRun = runOf(tx.startAtMs);
    const run = runs[startRun];
    const name = `transaction ${tx.transactionId} (connector ${tx.connectorId}, run ${startRun})`;
    if (!run) return [`${name} started before the first run`];
    if (run.endedAtMs !== undefined && tx.stop.atMs > run.endedAtMs + clockLagMs) {
      return [`${name} stopped (${tx.stop.reason}) ${tx.stop.atMs - run.endedAtMs} ms after that run ended (${run.end})`];
    }
    if (tx.stop.reason === "PowerLoss" && run.end !== "killed") return [`${name} stopped with PowerLoss, but that run ended ${run.end}`];
    if (tx.stop.reason === "Reboot" && run.end !== "stopped") return [`${name} stopped with Reboot, but that run ended ${run.end}`];
    return [];
  });
}
