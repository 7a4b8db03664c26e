import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, status } from "./harness.ts";

conformanceHooks();

describe("TC_012_CS Remote Stop Charging Session", () => {
  test("RemoteStopTransaction of the running transaction is accepted and stops it with reason Remote", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();

    const since = station.mark();
    expect(await station.request("RemoteStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    await station.waitFor(call("StopTransaction"), since);
    await station.waitFor(status(C, "Finishing"), since);
    expectInOrder(station.callsSince(since), [[call("StopTransaction", { transactionId, reason: "Remote" }), status(C, "Finishing")]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
