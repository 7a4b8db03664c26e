import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, status, VALID } from "./harness.ts";

conformanceHooks();

const cacheConfig = { AuthorizationCacheEnabled: true, LocalPreAuthorize: true, ConnectionTimeOut: 30 };

describe("TC_061_CS Clear Authorization Data in Authorization Cache (tool id TC_061_1_CS, local)", () => {
  test("after ClearCache the same card is sent for authorization again", async () => {
    const station = await ConformanceStation.start({ ocpp: cacheConfig });
    await station.rsAuthorized(VALID);

    // Step 2: the same card again de-authorizes; the connector is Available again.
    const again = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Available"), again);

    // The cache holds VALID now: with LocalPreAuthorize a swipe would need no Authorize.req.
    expect(await station.request("ClearCache", {})).toEqual({ status: "Accepted" });
    const cleared = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(call("Authorize", { idTag: VALID }), cleared);
    expectInOrder(station.callsSince(again), [status(C, "Available"), call("Authorize", { idTag: VALID })]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("without ClearCache the cached card is not sent for authorization (the case can tell a cleared cache)", async () => {
    const station = await ConformanceStation.start({ ocpp: cacheConfig });
    await station.rsAuthorized(VALID);
    const again = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Available"), again);

    const next = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Preparing"), next);
    expect(matching(station.callsSince(next), call("Authorize"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});

describe("TC_061_2_CS Clear Authorization Data in Authorization Cache - Remote (inferred)", () => {
  test("after ClearCache a remote start of the formerly cached card is sent for authorization", async () => {
    const station = await ConformanceStation.start({ ocpp: { ...cacheConfig, AuthorizeRemoteTxRequests: true } });
    await station.msIdTagCached(VALID);
    expect(await station.request("ClearCache", {})).toEqual({ status: "Accepted" });

    const since = station.mark();
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Accepted" });
    await station.waitFor(call("Authorize", { idTag: VALID }), since);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
