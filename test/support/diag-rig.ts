import { afterEach } from "bun:test";
import { binaryPath, diagJson, runToEnd, type Finished } from "./binary.ts";
import { startStationProcess, type StationProcess } from "./station-process.ts";
import { TestCsms } from "./test-csms.ts";
import { tempDir, writeStationConfig } from "./temp-dir.ts";

const started: { csms?: TestCsms; station?: StationProcess }[] = [];
afterEach(async () => {
  for (const { csms, station } of started.splice(0)) {
    await station?.stop();
    csms?.stop();
  }
});

/**
 * The compiled station on the virtual board against a test Central System, with `diag` and `sim`
 * run as a technician would. Call it inside a test; everything is stopped after it.
 */
export async function diagRig(options: { isStarted?: boolean } = {}) {
  const csms = new TestCsms().start();
  const cwd = tempDir();
  const config = writeStationConfig(cwd, { centralSystem: { url: csms.url, reconnect: { minSec: 0.2, maxSec: 1 } }, ocpp: { MinimumStatusDuration: 0 } });
  const entry: (typeof started)[number] = { csms };
  started.push(entry);
  const run = async () => {
    entry.station = startStationProcess([binaryPath, "--config", config], cwd);
    await entry.station.waitForLine(/registration accepted/);
    return entry.station;
  };
  if (options.isStarted !== false) await run();
  const diag = (...args: string[]) => runToEnd([binaryPath, "diag", ...args, "--config", config], cwd, 30_000);
  const diagJsonOf = <T = any>(...args: string[]) => diagJson<T>(config, cwd, ...args);
  const sim = async (...args: string[]) => expectOk(await runToEnd([binaryPath, "sim", ...args, "--config", config], cwd), `sim ${args.join(" ")}`);
  return { csms, cwd, config, run, diag, diagJson: diagJsonOf, sim, station: () => entry.station! };
}

function expectOk(result: Finished, what: string): Finished {
  if (result.exitCode !== 0) throw new Error(`${what} failed (${result.exitCode}): ${result.stderr}`);
  return result;
}
