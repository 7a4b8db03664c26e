import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_011_1_CS Remote Start Charging Session - Remote Start First", () => {
  test("a remote start before the EV is there is authorized, gives Preparing, and plugging in starts the transaction", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    const config = await station.request("GetConfiguration", { key: ["AuthorizeRemoteTxRequests"] });
    expect(config.configurationKey.map((k: { key: string }) => k.key)).toEqual(["AuthorizeRemoteTxRequests"]);

    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Accepted" });
    await station.waitFor(call("Authorize", { idTag: VALID }), since);
    await station.waitFor(status(C, "Preparing"), since);
    const plugged = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(call("StartTransaction"), plugged);
    await station.waitFor(status(C, "Charging"), plugged);

    expectInOrder(station.callsSince(since), [
      call("Authorize", { idTag: VALID }),
      status(C, "Preparing"),
      call("StartTransaction", { connectorId: C, idTag: VALID }),
      status(C, "Charging"),
    ]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
