import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching } from "./harness.ts";

conformanceHooks();

const sampleIntervalSec = 2;
const measurands = "Energy.Active.Import.Register,Power.Active.Import,Current.Offered";
/** Timestamps are taken when a timer fires: allow its lateness, never a whole interval. */
const timerSlackMs = 500;

describe("TC_070_CS Sampled Meter Values", () => {
  test("during a transaction MeterValues come every MeterValueSampleInterval with one Sample.Periodic value per configured measurand", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValueSampleInterval: sampleIntervalSec, ClockAlignedDataInterval: 0, MeterValuesSampledData: measurands } });
    const config = await station.request("GetConfiguration", { key: ["MeterValuesSampledData"] });
    const expected = config.configurationKey[0].value.split(",");
    expect(expected).toEqual(measurands.split(","));

    const transactionId = await station.rsCharging();
    const start = station.script.started.at(-1)!.call;
    const since = station.csms.calls.indexOf(start);
    await station.csms.until(() => matching(station.callsSince(since), call("MeterValues", { connectorId: C })).length >= 3, 20_000, "3 MeterValues");

    const values = matching(station.callsSince(since), call("MeterValues", { connectorId: C })).slice(0, 3);
    const times = [Date.parse(start.payload.timestamp), ...values.map((v) => Date.parse(v.payload.meterValue[0].timestamp))];
    for (let i = 1; i < times.length; i++) expect(Math.abs(times[i]! - times[i - 1]! - sampleIntervalSec * 1000)).toBeLessThan(timerSlackMs);
    for (const value of values) {
      expect(value.payload.transactionId).toBe(transactionId);
      const sampled = value.payload.meterValue[0].sampledValue as { context: string; measurand?: string }[];
      expect(sampled.map((s) => s.context)).toEqual(expected.map(() => "Sample.Periodic"));
      expect(sampled.map((s) => s.measurand ?? "Energy.Active.Import.Register")).toEqual(expected);
    }
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
