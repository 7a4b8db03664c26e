import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readFileSync, renameSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary } from "../support/binary.ts";
import { startStationProcess } from "../support/station-process.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";

beforeAll(() => buildBinary(), 120_000);

function startStation() {
  const cwd = tempDir();
  const config = writeStationConfig(cwd);
  const start = () => startStationProcess([binaryPath, "--config", config], cwd);
  return { cwd, start, station: start() };
}

describe("signals (README: The running process)", () => {
  test("SIGHUP reopens the log file, SIGUSR1 and SIGUSR2 are logged and ignored: the station keeps running", async () => {
    const { cwd, station } = startStation();
    try {
      await station.waitForLine(/database open/);
      const log = join(cwd, "data", "logs", "station.log");
      renameSync(log, `${log}.moved-by-logrotate`);
      station.kill("SIGHUP");
      await station.waitForLine(/log file reopened signal=SIGHUP/);
      expect(existsSync(log)).toBe(true);
      expect(readFileSync(log, "utf8")).toContain("log file reopened signal=SIGHUP");
      station.kill("SIGUSR1");
      station.kill("SIGUSR2");
      await station.waitForLine(/signal ignored.*signal=SIGUSR1/);
      await station.waitForLine(/signal ignored.*signal=SIGUSR2/);
      await Bun.sleep(200);
      expect(station.output()).not.toMatch(/stopping|fatal/);
    } finally {
      expect(await station.stop()).toBe(0);
    }
  });

  test("SIGQUIT stops cleanly: exit 0, and the next start reports no power loss", async () => {
    const { start, station } = startStation();
    await station.waitForLine(/database open/);
    station.kill("SIGQUIT");
    expect(await station.exited).toBe(0);
    expect(station.output()).toMatch(/stopping signal=SIGQUIT/);
    expect(station.output()).toMatch(/INFO  station: stopped/);
    const again = start();
    await again.waitForLine(/database open/);
    expect(await again.stop()).toBe(0);
    expect(again.output()).not.toMatch(/without a clean shutdown/);
  });
});
