import { beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary, runToEnd, spawnBinary } from "../support/binary.ts";
import { eventually } from "../support/eventually.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";

beforeAll(() => buildBinary(), 120_000);

describe("a closed standard output (issue 19: `| tee` ended with Ctrl-C, a journald restart)", () => {
  test("the station keeps running, notes it once in its log file, and stops cleanly", async () => {
    const cwd = tempDir();
    const config = writeStationConfig(cwd);
    const station = spawnBinary(["--config", config], cwd, {});
    const reader = station.stdout.getReader();
    await reader.read(); // the first line, then the reader goes away
    await reader.cancel();
    const log = join(cwd, "data", "logs", "station.log");
    // New lines now hit the closed pipe: a sim action and the reconnect attempts write some.
    await runToEnd([binaryPath, "sim", "plug", "1", "--config", config], cwd);
    await runToEnd([binaryPath, "sim", "unplug", "1", "--config", config], cwd);
    await eventually(
      async () => readFileSync(log, "utf8"),
      (text) => /standard output closed/.test(text) && /action=unplug/.test(text),
      "the closed standard output noted in station.log",
      10_000,
    );
    await Bun.sleep(500);
    expect(station.exitCode).toBeNull();
    const text = readFileSync(log, "utf8");
    expect(text.match(/standard output closed/g)).toHaveLength(1);
    expect(text).not.toMatch(/fatal error/);
    station.kill("SIGTERM");
    expect(await station.exited).toBe(0);
    expect(readFileSync(log, "utf8")).toMatch(/INFO  station: stopped/);
  });
});
