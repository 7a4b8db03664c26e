import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, status, VALID } from "./harness.ts";

conformanceHooks();

// S1 (2024-04) text of TC_007_CS; the current tool calls it TC_007_2_CS "Remote Start Charging Session - Cached Id".
describe("TC_007_CS Regular Start Charging Session - Cached Id (remote start, tool id TC_007_2_CS)", () => {
  test("a remote start of a cached card with LocalPreAuthorize starts at once, without an Authorize.req", async () => {
    const station = await ConformanceStation.start({ ocpp: { AuthorizationCacheEnabled: true, AuthorizeRemoteTxRequests: true, LocalPreAuthorize: true } });
    await station.msIdTagCached(VALID);

    const since = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since);
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Accepted" });
    await station.waitFor(call("StartTransaction"), since);
    await station.waitFor(status(C, "Charging"), since);

    expectInOrder(station.callsSince(since), [status(C, "Preparing"), [call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")]]);
    expect(matching(station.callsSince(since), call("Authorize"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
