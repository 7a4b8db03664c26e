import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_004_1_CS Regular Charging Session - Identification First", () => {
  test("a card accepted before the EV is plugged in gives Preparing, and plugging in starts the transaction", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValueSampleInterval: 5 } });
    const since = station.mark();

    await station.rsAuthorized(VALID);
    const plugged = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(call("StartTransaction"), plugged);
    await station.waitFor(status(C, "Charging"), plugged);

    expectInOrder(station.callsSince(since), [
      [call("Authorize", { idTag: VALID }), status(C, "Preparing")],
      [call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")],
    ]);
    // Nothing may start before the EV is there.
    expect(station.callsSince(since).slice(0, plugged - since).map((c) => c.action)).not.toContain("StartTransaction");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
