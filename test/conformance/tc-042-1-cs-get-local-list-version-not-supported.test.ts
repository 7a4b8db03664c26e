import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_042_1_CS Get Local List Version (not supported)", () => {
  test("with LocalAuthListEnabled=false the version is -1", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalAuthListEnabled: false } });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: -1 });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
