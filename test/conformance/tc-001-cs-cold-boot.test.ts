import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, OTHER, status } from "./harness.ts";

conformanceHooks();

const rejectedIntervalSec = 3;
const heartbeatSec = 2;
/** Timers may fire a few milliseconds early on a busy machine; the rule is "not before the interval". */
const timerSlackMs = 50;

describe("TC_001_CS Cold Boot Charge Point", () => {
  test("after a Rejected boot the station stays silent for the interval, then boots again, reports Available everywhere and heartbeats at the new interval", async () => {
    const station = await ConformanceStation.start({ bootAnswers: [{ status: "Rejected", interval: rejectedIntervalSec }], heartbeatSec, waitUntilIdle: false });
    await station.untilIdle(0, 20_000);
    await station.csms.waitForCall("Heartbeat", 3, 20_000);

    const calls = station.callsSince(0);
    const [rejected, accepted] = calls.filter((c) => c.action === "BootNotification");
    expect(rejected!.payload).toMatchObject({ chargePointVendor: "CASTPRO", chargePointModel: "CSC-22B7" });
    // Step 3: nothing but the next BootNotification, and that only once the interval has passed.
    expect(calls.indexOf(accepted!)).toBe(1);
    expect(accepted!.at - rejected!.at).toBeGreaterThanOrEqual(rejectedIntervalSec * 1000 - timerSlackMs);
    expectInOrder(calls, [
      call("BootNotification"),
      call("BootNotification"),
      [status(0, "Available"), status(C, "Available"), status(OTHER, "Available")],
      call("Heartbeat"),
    ]);
    // Step 5: the heartbeat period is the interval of the Accepted answer.
    const heartbeats = calls.filter((c) => c.action === "Heartbeat");
    for (let i = 1; i < heartbeats.length; i++) {
      const gapMs = heartbeats[i]!.at - heartbeats[i - 1]!.at;
      expect(gapMs).toBeGreaterThanOrEqual(heartbeatSec * 1000 - timerSlackMs);
      expect(gapMs).toBeLessThan(heartbeatSec * 1000 * 2);
    }
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
