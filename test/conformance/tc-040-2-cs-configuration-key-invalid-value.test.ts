import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_040_2_CS Configuration key - Invalid value", () => {
  test("ChangeConfiguration of MeterValueSampleInterval to -1 is Rejected and the old value stays", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValueSampleInterval: 10 } });
    const answer = await station.csms.call("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "-1" });
    if (answer[0] === 3) expect(answer[2]).toEqual({ status: "Rejected" });
    else expect(answer.slice(0, 3)).toEqual([4, expect.any(String), "PropertyConstraintViolation"]);
    const read = await station.request("GetConfiguration", { key: ["MeterValueSampleInterval"] });
    expect(read.configurationKey).toEqual([{ key: "MeterValueSampleInterval", readonly: false, value: "10" }]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
