import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_031_CS Unlock Connector - Unknown Connector", () => {
  test("UnlockConnector for a connector the station does not have is answered NotSupported, not a CALLERROR", async () => {
    const station = await ConformanceStation.start();
    expect(await station.csms.call("UnlockConnector", { connectorId: 3 })).toEqual([3, expect.any(String), { status: "NotSupported" }]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
