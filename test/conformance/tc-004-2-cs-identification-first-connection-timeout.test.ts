import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, status, VALID } from "./harness.ts";

conformanceHooks();

const connectionTimeOutSec = 3;
const timerSlackMs = 50;

describe("TC_004_2_CS Regular Charging Session - Identification First - ConnectionTimeOut", () => {
  test("a card accepted without an EV plugged in returns the connector to Available after ConnectionTimeOut and starts nothing", async () => {
    const station = await ConformanceStation.start({ ocpp: { ConnectionTimeOut: connectionTimeOutSec } });
    const since = station.mark();

    await station.rsAuthorized(VALID);
    const preparing = await station.waitFor(status(C, "Preparing"), since);
    const available = await station.waitFor(status(C, "Available"), station.csms.calls.indexOf(preparing) + 1, 15_000);

    expectInOrder(station.callsSince(since), [[call("Authorize", { idTag: VALID }), status(C, "Preparing")], status(C, "Available")]);
    expect(available.at - preparing.at).toBeGreaterThanOrEqual(connectionTimeOutSec * 1000 - timerSlackMs);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
