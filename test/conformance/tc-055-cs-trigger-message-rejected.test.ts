import { describe, expect, test } from "bun:test";
import { call, caseTimeoutMs, ConformanceStation, conformanceHooks, matching, observe, transactionDurationMs } from "./harness.ts";

conformanceHooks();

describe("TC_055_CS Trigger Message - Rejected", () => {
  test("TriggerMessage(MeterValues) for connector NumberOfConnectors+1 is Rejected and no MeterValues follows", async () => {
    const station = await ConformanceStation.start();
    const config = await station.request("GetConfiguration", { key: ["NumberOfConnectors"] });
    const numberOfConnectors = Number(config.configurationKey[0].value);
    expect(numberOfConnectors).toBe(2);

    const since = station.mark();
    // The tool also takes a CALLERROR; this firmware answers Rejected (§15 [impl]).
    expect(await station.request("TriggerMessage", { requestedMessage: "MeterValues", connectorId: numberOfConnectors + 1 })).toEqual({ status: "Rejected" });
    await observe(transactionDurationMs);
    expect(matching(station.callsSince(since), call("MeterValues"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
