import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, OTHER, status } from "./harness.ts";

conformanceHooks();

const pendingIntervalSec = 4;
const heartbeatSec = 2;
const timerSlackMs = 50;

describe("TC_002_CS Cold Boot Charge Point - Pending", () => {
  test("while Pending the station answers the Central System's requests, then boots again after the interval and reports Available", async () => {
    const station = await ConformanceStation.start({ bootAnswers: [{ status: "Pending", interval: pendingIntervalSec }], heartbeatSec, waitUntilIdle: false });
    await station.csms.waitForCall("BootNotification");

    const all = await station.request("GetConfiguration", {});
    expect(all.configurationKey.map((k: { key: string }) => k.key)).toContain("MeterValueSampleInterval");
    expect(await station.request("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "5" })).toEqual({ status: "Accepted" });

    await station.untilIdle(0, 20_000);
    await station.csms.waitForCall("Heartbeat", 2, 20_000);
    const calls = station.callsSince(0);
    const [pending, accepted] = calls.filter((c) => c.action === "BootNotification");
    // The station sends nothing of its own while Pending but the next BootNotification, after the interval.
    expect(calls.indexOf(accepted!)).toBe(1);
    expect(accepted!.at - pending!.at).toBeGreaterThanOrEqual(pendingIntervalSec * 1000 - timerSlackMs);
    expectInOrder(calls, [
      call("BootNotification"),
      call("BootNotification"),
      [status(0, "Available"), status(C, "Available"), status(OTHER, "Available")],
      call("Heartbeat"),
    ]);
    const heartbeats = calls.filter((c) => c.action === "Heartbeat");
    const gapMs = heartbeats[1]!.at - heartbeats[0]!.at;
    expect(gapMs).toBeGreaterThanOrEqual(heartbeatSec * 1000 - timerSlackMs);
    expect(gapMs).toBeLessThan(heartbeatSec * 1000 * 2);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
