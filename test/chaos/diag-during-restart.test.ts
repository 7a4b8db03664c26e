/**
 * `diag` while the station restarts after a power loss (issue 12, item 2): the compiled station
 * charges on both connectors with a meter sample every second, is killed with SIGKILL and started
 * again while `diag --json` runs several times 15 ms apart, as a technician or a monitoring script
 * would during the boot. DIAG_RESTART_ROUNDS rounds (default 100).
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { binaryPath, buildBinary, runToEnd, type Finished } from "../support/binary.ts";
import { BinaryStation } from "../support/binary-station.ts";
import { chaosSeed, SeededRandom } from "../support/seeded-random.ts";
import { tempDir } from "../support/temp-dir.ts";
import { TestCsms } from "../support/test-csms.ts";

const rounds = Number(process.env.DIAG_RESTART_ROUNDS ?? 100);
const diagsPerRestart = 4;
const seed = chaosSeed();

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: BinaryStation | undefined;
afterAll(async () => {
  if (station?.isRunning) await station.kill();
  csms?.stop();
});

describe("diag during a restart after a power loss", () => {
  test(`${rounds} restarts with diag --json polling: the station always starts, and diag always answers with one JSON object`, async () => {
    console.log(`diag-during-restart: ${rounds} rounds, CHAOS_SEED=${seed}`);
    const random = new SeededRandom(seed);
    csms = new TestCsms().start();
    station = new BinaryStation(tempDir(), {
      centralSystem: { url: csms.url, reconnect: { minSec: 0.2, maxSec: 1 } },
      ocpp: { MinimumStatusDuration: 0, MeterValueSampleInterval: 1 },
    });
    await station.startRegistered();
    await expectOk(station.sim("plug", "1"));
    await expectOk(station.sim("plug", "2"));
    const failedDiags: string[] = [];
    const startedAt = Date.now();

    for (let round = 0; round < rounds; round++) {
      // Both connectors charge (the last run's transactions were stopped with PowerLoss at its start).
      await expectOk(station.sim("swipe", "C0FFEE01"));
      await expectOk(station.sim("swipe", "C0FFEE02"));
      await Bun.sleep(random.int(0, 400));
      await station.kill();

      const diags: Promise<Finished>[] = [];
      const diagFirst = random.chance(0.5);
      if (diagFirst) diags.push(diagJson(station.config, station.cwd));
      await Bun.sleep(random.int(0, 15));
      const restarted = station.start();
      while (diags.length < diagsPerRestart) {
        diags.push(diagJson(station.config, station.cwd));
        await Bun.sleep(15);
      }
      const outcome = await Promise.race([restarted.waitForLine(/registration accepted/, 15_000).then(() => "started"), restarted.exited.then((code) => `exited ${code}`)]);
      expect([round, outcome, outcome === "started" ? "" : restarted.output()]).toEqual([round, "started", ""]);
      for (const diag of await Promise.all(diags)) {
        const problem = notOneJsonReport(diag);
        if (problem) failedDiags.push(`round ${round}: ${problem}`);
      }
    }

    expect(await station.stop()).toBe(0);
    console.log(`diag-during-restart: ${rounds} restarts, ${rounds * diagsPerRestart} diags, ${Math.round((Date.now() - startedAt) / 1000)} s`);
    expect(failedDiags).toEqual([]);
    expect(station.outputs.join("\n")).not.toContain("start-up failed");
  }, 900_000);
});

function diagJson(config: string, cwd: string): Promise<Finished> {
  return runToEnd([binaryPath, "diag", "--json", "--config", config], cwd, 30_000);
}

/** diag --json must print one JSON object that says whether the station runs, whatever it found (exit 0 or 1). */
function notOneJsonReport(diag: Finished): string | null {
  const what = `exit ${diag.exitCode}, stdout ${JSON.stringify(diag.stdout.slice(0, 300))}, stderr ${JSON.stringify(diag.stderr.slice(0, 300))}`;
  if (diag.exitCode !== 0 && diag.exitCode !== 1) return what;
  try {
    const report = JSON.parse(diag.stdout);
    return typeof report === "object" && report !== null && typeof report.running === "boolean" ? null : what;
  } catch {
    return what;
  }
}

async function expectOk(result: Promise<Finished>): Promise<void> {
  const { exitCode, stderr } = await result;
  if (exitCode !== 0) throw new Error(`sim failed (${exitCode}): ${stderr}`);
}
