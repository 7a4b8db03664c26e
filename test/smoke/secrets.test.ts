import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary, diagJson, runToEnd } from "../support/binary.ts";
import { startStationProcess, type StationProcess } from "../support/station-process.ts";
import { TestCsms } from "../support/test-csms.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";

beforeAll(() => buildBinary(), 120_000);

const fileKey = "00112233445566778899AABBCCDDEEFF";
const newKey = "f00dfacecafebeef0123456789abcdef42424242";

const started: { csms: TestCsms; station?: StationProcess }[] = [];
afterEach(async () => {
  for (const { csms, station } of started.splice(0)) {
    await station?.stop();
    csms.stop();
  }
});

/** Every mode below `dir` (lstat, not following links), keyed by the path inside it. */
function modesUnder(dir: string): Record<string, number> {
  const modes: Record<string, number> = { ".": lstatSync(dir).mode & 0o777 };
  for (const name of readdirSync(dir, { recursive: true }) as string[]) modes[name] = lstatSync(join(dir, name)).mode & 0o777;
  return modes;
}

function expectOwnerOnly(dataDir: string, expected: string[]): void {
  const modes = modesUnder(dataDir);
  for (const name of expected) expect(Object.keys(modes)).toContain(name);
  const open = Object.entries(modes).filter(([, mode]) => (mode & 0o077) !== 0);
  expect(open.map(([name, mode]) => `${name} ${mode.toString(8)}`)).toEqual([]);
  expect(modes["."]).toBe(0o700);
  expect(modes["station.db"]).toBe(0o600);
}

function expectNoKey(where: string, text: string): void {
  for (const key of [fileKey, newKey]) {
    for (const spelling of [key.toLowerCase(), key.toUpperCase()]) {
      if (text.includes(spelling)) throw new Error(`${where} shows the AuthorizationKey ${spelling}:\n${text}`);
    }
  }
}

describe("the AuthorizationKey", () => {
  test("set by the Central System appears in no log, diag or config output, and dataDir is owner-only", async () => {
    const csms = new TestCsms().start();
    const entry: (typeof started)[number] = { csms };
    started.push(entry);
    const cwd = tempDir();
    const dataDir = join(cwd, "data");
    // A dataDir left open by an earlier firmware: the station must tighten it, not trust it.
    mkdirSync(join(dataDir, "logs"), { recursive: true });
    writeFileSync(join(dataDir, "logs", "station.log"), "2025-01-01T00:00:00.000Z INFO  station: an older line\n");
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, "logs"), 0o755);
    chmodSync(join(dataDir, "logs", "station.log"), 0o644);
    const config = writeStationConfig(cwd, {
      centralSystem: { url: csms.url, securityProfile: 1, authorizationKey: fileKey, reconnect: { minSec: 0.2, maxSec: 1 } },
      log: { level: "debug" },
    });

    entry.station = startStationProcess([binaryPath, "--config", config], cwd);
    await entry.station.waitForLine(/registration accepted/);
    expect(await csms.call("ChangeConfiguration", { key: "AuthorizationKey", value: newKey })).toEqual([3, "csms-1", { status: "Accepted" }]);
    // The new key is really in use: the station reconnects with it as the Basic-auth password.
    const withNewKey = `Basic ${Buffer.concat([Buffer.from("CSC22B7-TEST:"), Buffer.from(newKey, "hex")]).toString("base64")}`;
    await csms.until(() => csms.connections.at(-1)?.authorization === withNewKey && csms.isStationConnected, 10_000, "a connection with the new key");
    expect(JSON.stringify(await csms.call("GetConfiguration", { key: ["AuthorizationKey"] }))).toContain('"unknownKey":["AuthorizationKey"]');
    expectNoKey("GetConfiguration", JSON.stringify(await csms.call("GetConfiguration", {})));
    await entry.station.waitForLine(/DEBUG link: frame received .*GetConfiguration/);

    const output = entry.station.output();
    expect(output).toMatch(/frame received .*ChangeConfiguration.*AuthorizationKey/);
    expectNoKey("stdout", output);
    expectNoKey("station.log", readFileSync(join(dataDir, "logs", "station.log"), "utf8"));
    const logTail = await runToEnd([binaryPath, "diag", "log", "-n", "1000", "--json", "--config", config], cwd);
    expect(logTail.stdout).toContain("ChangeConfiguration");
    expectNoKey("diag log", logTail.stdout);
    const liveConfig = await diagJson(config, cwd, "config");
    expect(JSON.stringify(liveConfig)).toContain("AuthorizationKey");
    expectNoKey("diag config --json", JSON.stringify(liveConfig));
    const check = await runToEnd([binaryPath, "config", "check", "--config", config], cwd);
    expect(check.exitCode).toBe(0);
    expectNoKey("config check", check.stdout + check.stderr);
    const viaOcppSection = writeStationConfig(tempDir(), { ocpp: { AuthorizationKey: fileKey } });
    const checkOcpp = await runToEnd([binaryPath, "config", "check", "--config", viaOcppSection], cwd);
    expect([checkOcpp.exitCode, checkOcpp.stdout]).toEqual([0, expect.stringContaining('"AuthorizationKey": "(set, hidden)"')]);
    expectNoKey("config check of an ocpp section", checkOcpp.stdout + checkOcpp.stderr);
    expectOwnerOnly(dataDir, ["logs", join("logs", "station.log"), "station.db", "station.db-wal", "station.db-shm", "control.sock"]);

    expect(await entry.station.stop()).toBe(0);
    expectNoKey("stdout", entry.station.output());
    const storedConfig = await diagJson(config, cwd, "config");
    expect(storedConfig.running).toBe(false);
    expectNoKey("diag config --json of the stopped station", JSON.stringify(storedConfig));
    expectNoKey("diag log of the stopped station", (await runToEnd([binaryPath, "diag", "log", "-n", "1000", "--config", config], cwd)).stdout);
    expectOwnerOnly(dataDir, ["logs", join("logs", "station.log"), "station.db"]);
  }, 60_000);
});
