import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_040_1_CS Configuration key - NotSupported", () => {
  test("ChangeConfiguration of an unknown key is NotSupported", async () => {
    const station = await ConformanceStation.start();
    expect(await station.request("ChangeConfiguration", { key: "Testing", value: "true" })).toEqual({ status: "NotSupported" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
