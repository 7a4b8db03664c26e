import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { buildBinary } from "../support/binary.ts";
import { diagRig } from "../support/diag-rig.ts";
import { eventually } from "../support/eventually.ts";

beforeAll(() => buildBinary(), 120_000);

describe("csc22b7 diag when the station is not running", () => {
  test("after a clean stop: since when, how it stopped, and the messages still waiting", async () => {
    const rig = await diagRig();
    await rig.sim("plug", "1");
    await rig.sim("swipe", "04A2B3C4");
    await eventually(() => rig.diagJson(), (s) => typeof s.connectors[1]?.transactionId === "number", "the transactionId");
    rig.csms.stop();
    await rig.station().waitForLine(/link to the Central System down/);
    await rig.sim("swipe", "04A2B3C4");
    await eventually(() => rig.diagJson("queue"), (q) => q.messages.some((m: { action: string }) => m.action === "StopTransaction"), "the queued StopTransaction");
    expect(await rig.station().stop()).toBe(0);

    const report = await rig.diagJson();
    expect(report).toMatchObject({ running: false, connection: "offline", registration: "Unknown", lastRun: { stopReason: "Reboot" }, healthy: false, exitCode: 1 });
    expect(report.since).toBe(report.lastRun.stoppedAt);
    expect(report.queue.pending).toBeGreaterThan(0);
    expect(report.connectors.map((c: { id: number; status: string }) => [c.id, c.status])).toEqual([[0, "Unavailable"], [1, "Unavailable"], [2, "Unavailable"]]);
    expect(report.connectors.some((c: object) => "transactionId" in c)).toBe(false);
    expect(report.profiles.LocalAuthListManagement.data).toEqual({ isEnabled: null, listVersion: 0, size: 0 });
    const text = await rig.diag();
    expect(text.stdout).toContain("NOT RUNNING since");
    expect(text.stdout).toMatch(/\[!\] The station is not running since .*: it stopped cleanly \(Reboot\)/);
    expect(text.stdout).toMatch(/\[!\] \d+ messages? waiting for the Central System, sent when the station runs again/);
    const queue = await rig.diagJson("queue");
    expect(queue).toMatchObject({ running: false, exitCode: 0 });
    // The stop's ResetOrReboot security event may follow it in the queue.
    expect(queue.messages.findLast((m: { action: string }) => m.action === "StopTransaction")).toMatchObject({ connectorId: 1, transactionId: expect.any(Number) });
    expect((await rig.diag("queue")).stdout).toContain("(the station is not running: from its database and station.json)");
  }, 30_000);

  test("after a power loss: the interrupted transaction, and config and log from disk", async () => {
    const rig = await diagRig();
    await rig.sim("plug", "1");
    await rig.sim("swipe", "04A2B3C4");
    const charging = await eventually(() => rig.diagJson(), (s) => typeof s.connectors[1]?.transactionId === "number", "the transactionId");
    rig.station().kill("SIGKILL");
    await rig.station().exited;

    const report = await rig.diagJson();
    expect(report).toMatchObject({ running: false, lastRun: { stoppedAt: null, stopReason: null }, exitCode: 1 });
    expect(report.since).not.toBeNull();
    expect(report.connectors[1]).toMatchObject({ transactionId: charging.connectors[1].transactionId, idTag: "04A2B3C4" });
    expect((await rig.diag()).stdout).toContain("was interrupted; the next start stops it with reason PowerLoss");
    expect((await rig.diagJson("config")).keys.find((key: { key: string }) => key.key === "MinimumStatusDuration")).toMatchObject({ value: "0" });
    expect((await rig.diag("log", "-n", "500")).stdout).toContain("transaction started");
  }, 30_000);

  test("the self-test and the card check need the running station", async () => {
    const rig = await diagRig({ isStarted: false });
    for (const args of [["hw"], ["rfid", "--timeout", "1"]]) {
      const result = await rig.diag(...args);
      expect([result.exitCode, result.stdout]).toEqual([1, ""]);
      expect(result.stderr).toContain("the station is not running");
    }
  });

  test("a station that never started: said so, and diag creates nothing", async () => {
    const rig = await diagRig({ isStarted: false });
    const report = await rig.diagJson();
    expect(report).toMatchObject({ running: false, since: null, lastRun: null, store: { integrity: "missing" }, exitCode: 1 });
    expect(report.problems.map((p: { message: string }) => p.message)).toEqual(["The station is not running: it has never run on this data directory"]);
    const log = await rig.diag("log");
    expect([log.exitCode, log.stderr]).toEqual([1, expect.stringContaining("no log kept yet")]);
    expect(existsSync(join(rig.cwd, "data"))).toBe(false);
  });

  test("bad command lines exit 2", async () => {
    const rig = await diagRig({ isStarted: false });
    const cases: [string[], string][] = [
      [["bogus"], 'unknown sub-command "bogus"'],
      [["log", "-n", "many"], "-n must be a whole number"],
      [["queue", "-f"], "diag queue does not take -f"],
      [["hw", "7"], "the connector id must be a whole number 0-2"],
      [["summary", "--turbo"], "Unknown option '--turbo'"],
    ];
    for (const [args, message] of cases) {
      const result = await rig.diag(...args);
      expect([args, result.exitCode, result.stderr]).toEqual([args, 2, expect.stringContaining(message)]);
    }
  });
});
