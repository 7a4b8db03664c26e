import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_026_CS Remote Start Charging Session - Rejected", () => {
  test("a remote start on the connector that is already charging is Rejected and changes nothing", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalPreAuthorize: false } });
    await station.rsCharging(C, VALID);

    const since = station.mark();
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Rejected" });
    await observe(1_000);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(matching(station.callsSince(since), call("StopTransaction"))).toEqual([]);
    expect(station.statuses(C, since)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
