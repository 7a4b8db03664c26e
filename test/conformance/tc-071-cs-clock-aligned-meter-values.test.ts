import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching } from "./harness.ts";

conformanceHooks();

const alignedIntervalSec = 3;
const measurands = "Energy.Active.Import.Register,Power.Active.Import";

describe("TC_071_CS Clock-aligned Meter Values", () => {
  test("MeterValues come on the ClockAlignedDataInterval boundaries with one Sample.Clock value per configured measurand", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValueSampleInterval: 0, ClockAlignedDataInterval: alignedIntervalSec, MeterValuesAlignedData: measurands } });
    const config = await station.request("GetConfiguration", { key: ["MeterValuesAlignedData"] });
    const expected = config.configurationKey[0].value.split(",");
    expect(expected).toEqual(measurands.split(","));

    const transactionId = await station.rsCharging();
    const since = station.mark();
    const ofConnector = () => matching(station.callsSince(since), call("MeterValues", { connectorId: C }));
    await station.csms.until(() => ofConnector().length >= 3, 20_000, "3 clock-aligned MeterValues");

    const values = ofConnector().slice(0, 3);
    const times = values.map((v) => Date.parse(v.payload.meterValue[0].timestamp));
    for (const time of times) expect(time % (alignedIntervalSec * 1000)).toBe(0);
    for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!).toBe(alignedIntervalSec * 1000);
    for (const value of values) {
      expect(value.payload.transactionId).toBe(transactionId);
      const sampled = value.payload.meterValue[0].sampledValue as { context: string; measurand?: string }[];
      expect(sampled.map((s) => s.context)).toEqual(expected.map(() => "Sample.Clock"));
      expect(sampled.map((s) => s.measurand ?? "Energy.Active.Import.Register")).toEqual(expected);
    }
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
