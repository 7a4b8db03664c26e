import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe } from "./harness.ts";

conformanceHooks();

const sampleIntervalSec = 2;
const timerSlackMs = 500;

describe("TC_036_CS Connection Loss During Transaction", () => {
  test("meter values sampled while offline are all delivered after reconnecting, in order, before any new ones, an interval apart", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValueSampleInterval: sampleIntervalSec } });
    const transactionId = await station.rsCharging();

    await station.goOffline();
    const offlineAt = Date.now();
    await observe(3.5 * sampleIntervalSec * 1000);
    const back = station.mark();
    await station.goOnline();
    await station.csms.until(
      () => matching(station.callsSince(back), call("MeterValues", { connectorId: C })).some((c) => Date.parse(c.payload.meterValue[0].timestamp) > Date.now() - sampleIntervalSec * 500),
      15_000,
      "a fresh MeterValues after the queued ones",
    );

    const values = matching(station.callsSince(back), call("MeterValues", { connectorId: C }));
    const times = values.map((c) => Date.parse(c.payload.meterValue[0].timestamp));
    const sampledOffline = times.filter((t) => t > offlineAt && t < station.csms.calls[back]!.at);
    expect(sampledOffline.length).toBeGreaterThanOrEqual(3);
    for (let i = 1; i < times.length; i++) expect(Math.abs(times[i]! - times[i - 1]! - sampleIntervalSec * 1000)).toBeLessThan(timerSlackMs);
    expect(values.every((c) => c.payload.transactionId === transactionId)).toBe(true);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
