/**
 * A full disk (issue 12 item 6) on the compiled station: dataDir on a 600 kB tmpfs, both connectors
 * charging offline, then the disk filled to the last byte. The station must stay up and say so,
 * record the stop of a running transaction, refuse a new one, start again on the full disk, report
 * the fault on connector 0 to the Central System, and recover by itself when space returns; nothing
 * queued is lost.
 */
import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { closeSync, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary, diagJson, runToEnd } from "../support/binary.ts";
import { startStationProcess, type StationProcess } from "../support/station-process.ts";
import { TestCsms } from "../support/test-csms.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";

beforeAll(() => buildBinary(), 120_000);

let station: StationProcess | undefined;
let csms: TestCsms | undefined;
afterEach(async () => {
  await station?.stop();
  csms?.stop();
});

/** A 600 kB filesystem of its own, or why there cannot be one here (mounting needs root). */
async function smallFilesystem(dir: string): Promise<string | undefined> {
  mkdirSync(dir, { recursive: true });
  const mounted = await runToEnd(["mount", "-t", "tmpfs", "-o", "size=600k,mode=0700", "tmpfs", dir], "/");
  if (mounted.exitCode !== 0) return `cannot mount a tmpfs (${mounted.stderr.trim() || `exit ${mounted.exitCode}`}): run the tests as root`;
  return undefined;
}

/** Writes until the filesystem is full; the file is the space to give back later. */
function fillUp(file: string): void {
  const fd = openSync(file, "w");
  try {
    for (const size of [64 * 1024, 4 * 1024, 512, 1]) {
      const chunk = Buffer.alloc(size);
      for (;;) {
        try {
          writeSync(fd, chunk);
        } catch {
          break;
        }
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe("a full disk", () => {
  test("the station stays up, records the stop, refuses a new start, reports it and recovers by itself", async () => {
    const cwd = tempDir();
    const dataDir = join(cwd, "data");
    const why = await smallFilesystem(dataDir);
    if (why) {
      console.warn(`SKIPPED full-disk test: ${why}`);
      return;
    }
    try {
      await fillAndRecover(cwd, dataDir);
    } finally {
      await station?.stop();
      await runToEnd(["umount", dataDir], "/");
    }
  }, 90_000);
});

/** The whole case, on a filesystem already mounted at dataDir. */
async function fillAndRecover(cwd: string, dataDir: string): Promise<void> {
  let isReachable = false;
  csms = new TestCsms().start();
  csms.acceptUpgrade = () => (isReachable ? undefined : new Response("down for the test", { status: 503 }));
  const config = writeStationConfig(cwd, {
    centralSystem: { url: csms.url, reconnect: { minSec: 0.2, maxSec: 0.5 } },
    ocpp: { MinimumStatusDuration: 0, AllowOfflineTxForUnknownId: true, MeterValueSampleInterval: 1 },
  });
  const sim = async (...args: string[]) => {
    const done = await runToEnd([binaryPath, "sim", ...args, "--config", config], cwd);
    expect(`${done.exitCode} ${done.stderr}`).toBe("0 ");
  };
  station = startStationProcess([binaryPath, "--config", config], cwd);
  const running = station;
  await running.waitForLine(/connecting|link to the Central System down/);
  const linesMatching = (pattern: RegExp) => running.output().split("\n").filter((line) => pattern.test(line)).length;

  for (const [connectorId, idTag] of [["1", "04F0110A"], ["2", "04F0110B"]] as const) {
    await sim("plug", connectorId);
    await sim("swipe", idTag);
  }
  await running.waitForLine(/transaction started.*\n(.*\n)*.*transaction started/s);

  fillUp(join(dataDir, "filler"));
  await running.waitForLine(/storage full: new transactions are refused/, 15_000);
  await Bun.sleep(3_000); // samples every second meet the full disk
  expect(linesMatching(/fatal error|start-up failed/)).toBe(0);

  // The stop of a running transaction is still recorded; a new start is refused.
  await sim("swipe", "04F0110A");
  await running.waitForLine(/transaction stopped connectorId=1/);
  await sim("unplug", "1");
  await sim("plug", "1");
  await sim("swipe", "04F0110C");
  await Bun.sleep(1_000);
  expect(linesMatching(/transaction started/)).toBe(2);

  // A restart on the full disk starts (no crash loop under Restart=always); the second transaction stopped with Reboot.
  expect(await running.stop()).toBe(0);
  expect(linesMatching(/transaction stopped connectorId=2 .*reason=Reboot/)).toBe(1);
  // A clean stop checkpoints and removes the write-ahead log, which frees space: fill that up too.
  fillUp(join(dataDir, "filler-after-stop"));
  station = startStationProcess([binaryPath, "--config", config], cwd);
  const restarted = station;
  await restarted.waitForLine(/storage full: new transactions are refused/, 15_000);
  await restarted.waitForLine(/connecting to the Central System/);
  expect(restarted.output()).not.toMatch(/start-up failed|fatal error/);

  const diag = await diagJson(config, cwd);
  expect(diag.problems.map((p: { message: string }) => p.message)).toContain("Station Faulted: OtherError (storage full: new transactions refused)");

  // The Central System comes back: connector 0 reports the fault.
  isReachable = true;
  const station0 = () => csms!.calls.filter((c) => c.action === "StatusNotification" && c.payload.connectorId === 0).map((c) => c.payload);
  await csms.until(() => station0().some((p) => p.status === "Faulted" && p.errorCode === "OtherError"), 15_000, "connector 0 Faulted");

  // Space returns: the station recovers by itself and connector 0 is Available again.
  rmSync(join(dataDir, "filler"));
  rmSync(join(dataDir, "filler-after-stop"));
  await restarted.waitForLine(/storage space recovered/, 15_000);
  await csms.until(() => station0().at(-1)?.status === "Available", 15_000, "connector 0 Available again");

  // Nothing queued was lost: both starts and the stop reach the Central System.
  await csms.until(() => csms!.calls.filter((c) => c.action === "StartTransaction").length === 2, 15_000, "both StartTransactions");
  await csms.until(() => csms!.calls.filter((c) => c.action === "StopTransaction").length === 2, 15_000, "both StopTransactions");
  expect(csms.calls.filter((c) => c.action === "StopTransaction").map((c) => c.payload.reason)).toEqual(["Local", "Reboot"]);
  expect(csms.schemaViolations).toEqual([]);
  expect(await restarted.stop()).toBe(0);
}
