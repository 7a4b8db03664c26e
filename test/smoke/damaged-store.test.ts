/**
 * A damaged store is refused, never started as new (issue 12, item 4): the compiled station after a
 * power loss whose database lost its write-ahead log or was emptied, then `diag` and `store reset`
 * as a technician recovers on purpose.
 */
import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary, runToEnd } from "../support/binary.ts";
import { diagRig } from "../support/diag-rig.ts";
import { eventually } from "../support/eventually.ts";

beforeAll(() => buildBinary(), 120_000);

/** A station that lost power while charging on connector 1: the next start must stop that transaction (PowerLoss). */
async function crashedWhileCharging() {
  const rig = await diagRig();
  await rig.sim("plug", "1");
  await rig.sim("swipe", "04A2B3C4");
  await eventually(() => rig.diagJson(), (s) => typeof s.connectors[1]?.transactionId === "number", "the transactionId");
  rig.station().kill("SIGKILL");
  await rig.station().exited;
  const dataDir = join(rig.cwd, "data");
  const file = join(dataDir, "station.db");
  const start = () => runToEnd([binaryPath, "--config", rig.config], rig.cwd, 20_000);
  const storeReset = (...args: string[]) => runToEnd([binaryPath, "store", "reset", ...args, "--config", rig.config], rig.cwd);
  return { rig, dataDir, file, start, storeReset };
}

describe("a damaged store is refused, never started as new", () => {
  test("the write-ahead log deleted after a power loss: the start exits 1 naming the file, and the file is left as it was", async () => {
    const { file, start } = await crashedWhileCharging();
    rmSync(`${file}-wal`);
    const before = readFileSync(file);

    const result = await start();
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`start-up failed error="cannot use database ${file}: it holds no data, though the station has opened it once (store-marker.json)`);
    expect(result.stdout).toContain("csc22b7 store reset --config");
    expect(result.stdout).not.toContain("registration accepted");
    expect(readFileSync(file).equals(before)).toBe(true);
  }, 30_000);

  test("station.db emptied to 0 bytes: refused, and its write-ahead log is kept (SQLite would drop it)", async () => {
    const { file, start } = await crashedWhileCharging();
    const walBytes = readFileSync(`${file}-wal`);
    truncateSync(file, 0);

    const result = await start();
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`cannot use database ${file}: the file is empty (0 bytes), though the station has opened it once`);
    expect(statSync(file).size).toBe(0);
    expect(readFileSync(`${file}-wal`).equals(walBytes)).toBe(true);
  }, 30_000);

  test("without a marker (firmware before it), the logs and the virtual world show the earlier run", async () => {
    const { dataDir, file, start } = await crashedWhileCharging();
    rmSync(join(dataDir, "store-marker.json"), { force: true });
    rmSync(`${file}-wal`);

    const result = await start();
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`cannot use database ${file}: it holds no data, though the station ran on this data directory before (found virtual-world.json, logs/station.log)`);
  }, 30_000);

  test("diag explains the damage and how to recover; store reset keeps the old files aside and the next start begins anew", async () => {
    const { rig, dataDir, file, storeReset } = await crashedWhileCharging();
    rmSync(`${file}-wal`);
    const damaged = readFileSync(file);

    const report = await rig.diagJson();
    expect(report).toMatchObject({ running: false, healthy: false, exitCode: 1, store: { file, integrity: "ok" } });
    const damage = `Database ${file}: it holds no data, though the station has opened it once (store-marker.json): its write-ahead log station.db-wal was probably deleted.`;
    const problem = report.problems.find((p: { message: string }) => p.message.startsWith(damage));
    expect(problem?.message).toEndWith(`To keep it aside (renamed, never deleted) and start with a new database: csc22b7 store reset --config ${rig.config}`);
    expect((await rig.diag()).stdout).toContain(damage);

    const reset = await storeReset();
    expect([reset.exitCode, reset.stderr]).toEqual([0, ""]);
    const keptAside = readdirSync(dataDir).filter((name) => /^station\.db\.\d{8}T\d{6}Z(-shm)?$/.test(name));
    expect(keptAside).toHaveLength(2);
    expect(reset.stdout).toContain(`kept aside: ${join(dataDir, keptAside.find((name) => !name.endsWith("-shm"))!)}`);
    expect(existsSync(file)).toBe(false);
    expect((await rig.diag("log")).stdout).toContain("database reset on purpose (csc22b7 store reset)");

    await rig.run();
    expect(rig.station().output()).toContain("database open");
    const fresh = await rig.diagJson();
    expect(fresh).toMatchObject({ running: true, queue: { pending: 0 }, store: { problems: [] } });
    // What was kept aside is the old file itself, byte for byte.
    expect(readFileSync(join(dataDir, keptAside.find((name) => !name.endsWith("-shm"))!)).equals(damaged)).toBe(true);
  }, 60_000);

  test("store reset refuses while the station runs, and a healthy database without --force", async () => {
    const rig = await diagRig();
    const file = join(rig.cwd, "data", "station.db");
    const storeReset = (...args: string[]) => runToEnd([binaryPath, "store", "reset", ...args, "--config", rig.config], rig.cwd);

    const running = await storeReset();
    expect([running.exitCode, running.stderr]).toEqual([1, expect.stringContaining(`the station is running on ${join(rig.cwd, "data")}: stop it first`)]);
    expect((await rig.diagJson()).running).toBe(true);
    expect(await rig.station().stop()).toBe(0);

    const healthy = await storeReset();
    expect([healthy.exitCode, healthy.stderr]).toEqual([1, expect.stringContaining(`${file} is healthy: nothing to recover`)]);
    expect(existsSync(file)).toBe(true);

    const forced = await storeReset("--force");
    expect(forced.exitCode).toBe(0);
    expect(existsSync(file)).toBe(false);
    expect(readdirSync(join(rig.cwd, "data")).filter((name) => name.startsWith("station.db."))).toHaveLength(1);
  }, 30_000);
});
