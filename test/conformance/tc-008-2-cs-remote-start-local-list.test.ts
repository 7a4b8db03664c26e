import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, observe, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_008_2_CS Remote Start Charging Session - Id in Local Authorization List", () => {
  test("a remote start for a tag in the local list starts with LocalPreAuthorize and no Authorize", async () => {
    const station = await ConformanceStation.start({
      ocpp: { LocalPreAuthorize: true, AuthorizationCacheEnabled: false, LocalAuthListEnabled: true, AuthorizeRemoteTxRequests: true },
    });
    await station.request("GetLocalListVersion", {});
    expect(
      await station.request("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [{ idTag: VALID, idTagInfo: { status: "Accepted" } }] }),
    ).toEqual({ status: "Accepted" });
    const since = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since);
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Accepted" });
    await station.waitFor(call("StartTransaction", { connectorId: C, idTag: VALID }), since);
    await station.waitFor(status(C, "Charging"), since);
    await observe(500);
    expectInOrder(station.callsSince(since), [status(C, "Preparing"), [call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")]]);
    expect(station.callsSince(since).filter((c) => c.action === "Authorize")).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
