import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER, status } from "./harness.ts";

conformanceHooks();

describe("TC_034_CS Power Failure with Unavailable Status", () => {
  test("a station made Inoperative is still Unavailable everywhere after a power loss", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("ChangeAvailability", { connectorId: 0, type: "Inoperative" })).toEqual({ status: "Accepted" });
    for (const connectorId of [0, C, OTHER]) await station.waitFor(status(connectorId, "Unavailable"), since);

    const cycled = station.mark();
    await station.powerCycle();
    await station.untilIdle(cycled);
    for (const connectorId of [0, C, OTHER]) expect(station.statuses(connectorId, cycled)).toEqual(["Unavailable"]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
