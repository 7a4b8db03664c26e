import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, observe, oneOf, OTHER, status } from "./harness.ts";

conformanceHooks();

describe("TC_016_CS Soft Reset With Transaction", () => {
  test("a soft reset stops the transaction with reason SoftReset, reports Finishing, and the station boots again", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();

    const reset = station.mark();
    expect(await station.request("Reset", { type: "Soft" })).toEqual({ status: "Accepted" });
    await station.untilIdle(reset);
    const stop = await station.waitFor(call("StopTransaction"), reset);
    expect(stop.payload).toMatchObject({ transactionId, reason: "SoftReset" });

    await observe(1_000);
    const calls = station.callsSince(reset);
    expect(matching(calls, call("StopTransaction"))).toHaveLength(1);
    // Step 3 (MUST): the connector reports Finishing.
    expect(station.statuses(C, reset)).toContain("Finishing");
    const boot = calls.findIndex((c) => c.action === "BootNotification");
    // Step 5: with the EV still plugged in, the first status after the boot is already Finishing or Preparing.
    expect(["Finishing", "Preparing"]).toContain(station.statuses(C, reset + boot)[0]!);
    expectInOrder(calls.slice(boot), [call("BootNotification"), [status(0, "Available"), oneOf(status(C, "Finishing"), status(C, "Preparing")), status(OTHER, "Available")]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
