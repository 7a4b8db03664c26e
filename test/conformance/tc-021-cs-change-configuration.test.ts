import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_021_CS Change/set Configuration", () => {
  test("ChangeConfiguration of MeterValueSampleInterval is accepted and GetConfiguration reports the new value", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValueSampleInterval: 10 } });
    expect(await station.request("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "7" })).toEqual({ status: "Accepted" });
    const read = await station.request("GetConfiguration", { key: ["MeterValueSampleInterval"] });
    expect(read.configurationKey).toEqual([{ key: "MeterValueSampleInterval", readonly: false, value: "7" }]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
