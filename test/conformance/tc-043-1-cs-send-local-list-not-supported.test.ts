import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_043_1_CS Send Local Authorization List - NotSupported", () => {
  test("with the list disabled (LocalAuthListEnabled=false) SendLocalList is NotSupported", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalAuthListEnabled: false } });
    expect(await station.request("SendLocalList", { listVersion: 1, updateType: "Full" })).toEqual({ status: "NotSupported" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
