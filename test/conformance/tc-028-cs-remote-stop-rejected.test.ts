import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe } from "./harness.ts";

conformanceHooks();

describe("TC_028_CS Remote Stop Transaction - Rejected", () => {
  test("RemoteStopTransaction of an unknown transactionId is Rejected and the running transaction goes on", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging();

    const since = station.mark();
    expect(await station.request("RemoteStopTransaction", { transactionId: transactionId + 4711 })).toEqual({ status: "Rejected" });
    await observe(1_000);
    expect(matching(station.callsSince(since), call("StopTransaction"))).toEqual([]);
    expect(station.statuses(C, since)).toEqual([]);
    expect(await station.request("RemoteStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
