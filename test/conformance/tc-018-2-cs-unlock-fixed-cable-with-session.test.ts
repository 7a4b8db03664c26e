import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe } from "./harness.ts";

conformanceHooks();

describe("TC_018_2_CS Unlock Connector - With Charging Session (Fixed cable)", () => {
  test("UnlockConnector during a transaction on a fixed cable is NotSupported and the transaction keeps running", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();

    const since = station.mark();
    expect(await station.request("UnlockConnector", { connectorId: C })).toEqual({ status: "NotSupported" });
    await observe(2_000);
    expect(matching(station.callsSince(since), call("StopTransaction"))).toEqual([]);
    expect(station.statuses(C, since)).toEqual([]);
    // Still running: the Central System can stop it.
    expect(await station.request("RemoteStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    await station.waitFor(call("StopTransaction", { transactionId, reason: "Remote" }), since);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
