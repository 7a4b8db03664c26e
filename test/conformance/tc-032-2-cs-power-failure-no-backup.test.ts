import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, oneOf, OTHER, status } from "./harness.ts";

conformanceHooks();

describe("TC_032_2_CS Power failure boot charging point - configured to stop transaction(s)", () => {
  test("after a power loss during a transaction the station boots, stops it once with reason PowerLoss and reports the plugged connector Preparing or Finishing", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();

    const since = station.mark();
    await station.powerCycle();
    await station.untilIdle(since);
    await station.waitFor(call("StopTransaction"), since);
    await station.waitFor(oneOf(status(C, "Preparing"), status(C, "Finishing")), since);

    const stops = matching(station.callsSince(since), call("StopTransaction"));
    expect(stops.map((c) => c.payload)).toEqual([expect.objectContaining({ transactionId, reason: "PowerLoss" })]);
    // Step 2: the transaction connector ends up Preparing or Finishing (Available/Unavailable may come between); the other is Available.
    const settled = station.statuses(C, since).filter((s) => s !== "Available" && s !== "Unavailable");
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.every((s) => s === "Preparing" || s === "Finishing")).toBe(true);
    expect(station.statuses(OTHER, since)).toEqual(["Available"]);
    expect(station.statuses(0, since)).toEqual(["Available"]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
