import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_042_2_CS Get Local List Version (empty)", () => {
  test("a Full update without entries is accepted and an empty list reports version 0", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalAuthListEnabled: true } });
    expect(await station.request("SendLocalList", { listVersion: 1, updateType: "Full" })).toEqual({ status: "Accepted" });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 0 });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
