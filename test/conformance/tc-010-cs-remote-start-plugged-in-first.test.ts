import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_010_CS Remote Start Charging Session - Cable Plugged in First", () => {
  test("with the EV plugged in, a remote start is accepted, authorized and starts the transaction", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    const config = await station.request("GetConfiguration", { key: ["AuthorizeRemoteTxRequests"] });
    expect(config.configurationKey).toEqual([{ key: "AuthorizeRemoteTxRequests", readonly: false, value: "true" }]);

    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since);
    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Accepted" });
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
