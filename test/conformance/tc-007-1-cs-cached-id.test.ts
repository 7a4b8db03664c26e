import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_007_1_CS Regular Start Charging Session - Cached Id", () => {
  test("a cached card with LocalPreAuthorize gives Preparing without an Authorize.req, and plugging in starts the transaction", async () => {
    const station = await ConformanceStation.start({ ocpp: { AuthorizationCacheEnabled: true, LocalPreAuthorize: true } });
    await station.msIdTagCached(VALID);

    const since = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Preparing"), since);
    await station.sim("plug", String(C));
    await station.waitFor(call("StartTransaction"), since);
    await station.waitFor(status(C, "Charging"), since);

    expectInOrder(station.callsSince(since), [status(C, "Preparing"), [call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")]]);
    expect(matching(station.callsSince(since), call("Authorize"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
