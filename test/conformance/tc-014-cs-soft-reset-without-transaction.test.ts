import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, call, OTHER, status } from "./harness.ts";

conformanceHooks();

describe("TC_014_CS Soft Reset Without Transaction", () => {
  test("a connector made Inoperative stays Unavailable across a soft reset, and becomes Available when made Operative", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("ChangeAvailability", { connectorId: C, type: "Inoperative" })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Unavailable"), since);

    const reset = station.mark();
    expect(await station.request("Reset", { type: "Soft" })).toEqual({ status: "Accepted" });
    // The BootNotification is optional after a soft reset; this firmware restarts and boots again.
    await station.untilIdle(reset);
    expectInOrder(station.callsSince(reset), [call("BootNotification"), [status(0, "Available"), status(C, "Unavailable"), status(OTHER, "Available")]]);
    expect(station.statuses(C, reset)).toEqual(["Unavailable"]);
    expect(station.process.output()).toContain("resetting type=Soft");

    const operative = station.mark();
    expect(await station.request("ChangeAvailability", { connectorId: C, type: "Operative" })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Available"), operative);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
