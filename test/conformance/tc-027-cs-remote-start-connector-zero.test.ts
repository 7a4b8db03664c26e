import { describe, expect, test } from "bun:test";
import { call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_027_CS Remote start transaction - connector id shall not be 0", () => {
  test("RemoteStartTransaction for connector 0 is Rejected (or a CALLERROR) and starts nothing", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    const answer = await station.csms.call("RemoteStartTransaction", { connectorId: 0, idTag: VALID });
    if (answer[0] === 3) expect(answer[2]).toEqual({ status: "Rejected" });
    else expect(answer[0]).toBe(4);
    await observe(1_000);
    expect(matching(station.callsSince(since), call("Authorize"))).toEqual([]);
    expect(matching(station.callsSince(since), call("StatusNotification"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
