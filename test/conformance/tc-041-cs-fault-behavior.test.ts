import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe, OTHER, status, transactionDurationMs, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_041_CS Fault Behavior", () => {
  test("a faulted station reports Faulted and no plug and card can start a transaction", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    await station.sim("fault", "0", "OtherError");
    for (const connectorId of [0, C, OTHER]) await station.waitFor(status(connectorId, "Faulted"), since);
    const faulted = matching(station.callsSince(since), call("StatusNotification", { status: "Faulted" }));
    expect(faulted.map((c) => c.payload.errorCode)).toEqual(faulted.map(() => "OtherError"));

    const tried = station.mark();
    await station.sim("plug", String(C));
    await station.sim("swipe", VALID);
    await observe(transactionDurationMs);
    expect(matching(station.callsSince(tried), call("StartTransaction"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
