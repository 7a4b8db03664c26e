import { binaryPath, diagJson, runToEnd, type Finished } from "./binary.ts";
import { afterThisTest } from "./cleanup.ts";
import { startStationProcess, type StationProcess } from "./station-process.ts";
import { TestCsms } from "./test-csms.ts";
import { tempDir, writeStationConfig } from "./temp-dir.ts";

/**
 * The compiled station on the virtual board against a test Central System, with `diag` and `sim`
 * run as a technician would. Call it inside a test; everything is stopped after it.
 */
export async function diagRig(options: { isStarted?: boolean } = {}) {
  const csms = new TestCsms().start();
  const cwd = tempDir();
  const config = writeStationConfig(cwd, { centralSystem: { url: csms.url, reconnect: { minSec: 0.2, maxSec: 1 } }, ocpp: { MinimumStatusDuration: 0 } });
  const stations: StationProcess[] = [];
  afterThisTest(async () => {
    for (const station of stations) await station.stop();
    csms.stop();
  });
  const run = async () => {
    const station = startStationProcess([binaryPath, "--config", config], cwd);
    stations.push(station);
    await station.waitForLine(/registration accepted/);
    return station;
  };
  if (options.isStarted !== false) await run();
  const diag = (...args: string[]) => runToEnd([binaryPath, "diag", ...args, "--config", config], cwd, 30_000);
  const diagJsonOf = <T = any>(...args: string[]) => diagJson<T>(config, cwd, ...args);
  const sim = async (...args: string[]) => expectOk(await runToEnd([binaryPath, "sim", ...args, "--config", config], cwd), `sim ${args.join(" ")}`);
  return { csms, cwd, config, run, diag, diagJson: diagJsonOf, sim, station: () => stations.at(-1)! };
}

function expectOk(result: Finished, what: string): Finished {
  if (result.exitCode !== 0) throw new Error(`${what} failed (${result.exitCode}): ${result.stderr}`);
  return result;
}
