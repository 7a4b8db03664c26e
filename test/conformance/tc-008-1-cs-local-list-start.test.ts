import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, observe, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_008_1_CS Regular Start Charging Session - Id in Local Authorization List", () => {
  test("a card in the local list starts with LocalPreAuthorize and no Authorize", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalPreAuthorize: true, AuthorizationCacheEnabled: false, LocalAuthListEnabled: true } });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 0 });
    expect(
      await station.request("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [{ idTag: VALID, idTagInfo: { status: "Accepted" } }] }),
    ).toEqual({ status: "Accepted" });
    const since = station.mark();
    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Preparing"), since);
    await station.sim("plug", String(C));
    await station.waitFor(call("StartTransaction", { connectorId: C, idTag: VALID }), since);
    await station.waitFor(status(C, "Charging"), since);
    await observe(500);
    expectInOrder(station.callsSince(since), [status(C, "Preparing"), [call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")]]);
    expect(station.callsSince(since).filter((c) => c.action === "Authorize")).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
