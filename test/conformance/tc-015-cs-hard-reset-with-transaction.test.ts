import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, observe, oneOf, OTHER, status } from "./harness.ts";

conformanceHooks();

describe("TC_015_CS Hard Reset With Transaction", () => {
  test("a hard reset stops the transaction with reason HardReset and the station boots again with the EV still plugged in", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();

    const reset = station.mark();
    expect(await station.request("Reset", { type: "Hard" })).toEqual({ status: "Accepted" });
    await station.untilIdle(reset);
    const stop = await station.waitFor(call("StopTransaction"), reset);
    expect(stop.payload).toMatchObject({ transactionId, reason: "HardReset" });

    await observe(1_000);
    const calls = station.callsSince(reset);
    expect(matching(calls, call("StopTransaction"))).toHaveLength(1);
    const boot = calls.findIndex((c) => c.action === "BootNotification");
    // Step 5: with the EV still plugged in, the first status after the boot is already Finishing or Preparing.
    expect(["Finishing", "Preparing"]).toContain(station.statuses(C, reset + boot)[0]!);
    const afterBoot = calls.slice(boot);
    expectInOrder(afterBoot, [call("BootNotification"), [status(0, "Available"), oneOf(status(C, "Finishing"), status(C, "Preparing")), status(OTHER, "Available")]]);
    // Step 3: a StopTransaction sent before the reboot needs its Finishing before the reboot too.
    if (calls.indexOf(stop) < boot) expectInOrder(calls.slice(0, boot), [[call("StopTransaction"), status(C, "Finishing")]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
