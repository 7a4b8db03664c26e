import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, status, VALID } from "./harness.ts";

conformanceHooks();

const connectionTimeOutSec = 3;
const timerSlackMs = 50;

describe("TC_011_2_CS Remote Start Charging Session - Time Out", () => {
  test("a remote start whose EV never comes returns the connector to Available after ConnectionTimeOut and starts nothing", async () => {
    const station = await ConformanceStation.start({ ocpp: { ConnectionTimeOut: connectionTimeOutSec } });
    const since = station.mark();
    const config = await station.request("GetConfiguration", { key: ["AuthorizeRemoteTxRequests"] });
    expect(config.configurationKey.map((k: { key: string }) => k.key)).toEqual(["AuthorizeRemoteTxRequests"]);

    expect(await station.request("RemoteStartTransaction", { connectorId: C, idTag: VALID })).toEqual({ status: "Accepted" });
    const preparing = await station.waitFor(status(C, "Preparing"), since);
    const available = await station.waitFor(status(C, "Available"), station.csms.calls.indexOf(preparing) + 1, 15_000);

    expectInOrder(station.callsSince(since), [call("Authorize", { idTag: VALID }), status(C, "Preparing"), status(C, "Available")]);
    expect(available.at - preparing.at).toBeGreaterThanOrEqual(connectionTimeOutSec * 1000 - timerSlackMs);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
