import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_003_CS Regular Charging Session - Plugin First", () => {
  test("plugging in gives Preparing, the card is authorized, then the transaction starts and the connector charges", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();

    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since);
    await station.sim("swipe", VALID);
    await station.waitFor(call("StartTransaction"), since);
    await station.waitFor(status(C, "Charging"), since);

    expectInOrder(station.callsSince(since), [
      status(C, "Preparing"),
      call("Authorize", { idTag: VALID }),
      [call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")],
    ]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
