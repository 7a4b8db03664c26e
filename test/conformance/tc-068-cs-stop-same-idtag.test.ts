import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, observe, status, VALID, VALID2 } from "./harness.ts";

conformanceHooks();

describe("TC_068_CS Stop transaction - IdTag in StopTransaction matches IdTag in StartTransaction", () => {
  test("another valid card does not stop the transaction; the starting card does, with its own idTag", async () => {
    const station = await ConformanceStation.start();
    // The tool answers plain Accepted: VALID and VALID2 are not in one group here (that is TC_069).
    station.script.tags.set(VALID, { status: "Accepted" });
    station.script.tags.set(VALID2, { status: "Accepted" });
    const transactionId = await station.rsCharging(C, VALID);

    // Step 1 (2025-06 draft): with one reader for two connectors an Authorize.req is allowed, nothing else.
    const other = station.mark();
    await station.sim("swipe", VALID2);
    await observe(3_000);
    expect(matching(station.callsSince(other), call("StopTransaction"))).toEqual([]);
    expect(station.statuses(C, other)).toEqual([]);

    const stop = station.mark();
    await station.sim("swipe", VALID);
    const stopped = await station.waitFor(call("StopTransaction"), stop);
    await station.waitFor(status(C, "Finishing"), stop);
    expectInOrder(station.callsSince(stop), [[call("StopTransaction", { transactionId, idTag: VALID }), status(C, "Finishing")]]);
    expect(stopped.payload.reason ?? "Local").toBe("Local");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
