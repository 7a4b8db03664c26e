import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, oneOf, status } from "./harness.ts";

conformanceHooks();

const evSideDisconnected = { info: "EV side disconnected" };

describe("TC_005_3_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect=false, UnlockConnectorOnEVSideDisconnect=false", () => {
  test("unplugging the EV suspends the transaction with the info text, and a remote stop then ends it with reason Remote", async () => {
    const station = await ConformanceStation.start({ ocpp: { StopTransactionOnEVSideDisconnect: false } });
    const setting = await station.request("GetConfiguration", { key: ["StopTransactionOnEVSideDisconnect"] });
    expect(setting.configurationKey).toEqual([{ key: "StopTransactionOnEVSideDisconnect", readonly: false, value: "false" }]);
    const transactionId = await station.rsCharging();

    const unplugged = station.mark();
    await station.sim("unplug", String(C));
    const suspended = oneOf(status(C, "SuspendedEV", evSideDisconnected), status(C, "SuspendedEVSE", evSideDisconnected));
    await station.waitFor(suspended, unplugged);
    expect(matching(station.callsSince(unplugged), call("StopTransaction"))).toEqual([]);

    const stop = station.mark();
    expect(await station.request("RemoteStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    await station.waitFor(call("StopTransaction"), stop);
    await station.waitFor(oneOf(status(C, "Finishing"), status(C, "Available")), stop);
    expectInOrder(station.callsSince(stop), [
      [call("StopTransaction", { transactionId, reason: "Remote" }), oneOf(status(C, "Finishing"), status(C, "Available"))],
    ]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
