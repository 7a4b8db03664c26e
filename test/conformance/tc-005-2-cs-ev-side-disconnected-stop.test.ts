import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, oneOf, status } from "./harness.ts";

conformanceHooks();

describe("TC_005_2_CS EV Side Disconnected - StopTransactionOnEVSideDisconnect=true, UnlockConnectorOnEVSideDisconnect=false", () => {
  test("unplugging the EV stops the transaction with EVDisconnected, and UnlockConnector on the fixed cable is NotSupported", async () => {
    const station = await ConformanceStation.start({ ocpp: { StopTransactionOnEVSideDisconnect: true } });
    const unlockSetting = await station.request("GetConfiguration", { key: ["UnlockConnectorOnEVSideDisconnect"] });
    expect(unlockSetting.configurationKey).toEqual([{ key: "UnlockConnectorOnEVSideDisconnect", readonly: true, value: "false" }]);
    const transactionId = await station.rsCharging();

    const since = station.mark();
    await station.sim("unplug", String(C));
    await station.waitFor(call("StopTransaction"), since);
    await station.waitFor(oneOf(status(C, "Finishing"), status(C, "Available")), since);
    expectInOrder(station.callsSince(since), [
      [call("StopTransaction", { transactionId, reason: "EVDisconnected" }), oneOf(status(C, "Finishing"), status(C, "Available"))],
    ]);

    expect(await station.request("UnlockConnector", { connectorId: C })).toEqual({ status: "NotSupported" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
