import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER } from "./harness.ts";

conformanceHooks();

describe("TC_017_2_CS Unlock connector - no charging session running (Fixed cable)", () => {
  test("UnlockConnector on an idle fixed-cable connector is NotSupported", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("UnlockConnector", { connectorId: C })).toEqual({ status: "NotSupported" });
    expect(await station.request("UnlockConnector", { connectorId: OTHER })).toEqual({ status: "NotSupported" });
    expect(station.statuses(C, since)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
