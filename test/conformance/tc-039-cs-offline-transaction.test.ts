import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, offlineStartConfig, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_039_CS Offline Transaction", () => {
  test("a whole transaction while offline is delivered once online: StartTransaction, then StopTransaction with the id the Central System gave", async () => {
    const station = await ConformanceStation.start({ ocpp: offlineStartConfig });
    await station.msIdTagCached(VALID);

    await station.startOfflineWithCard(VALID);
    await station.sim("swipe", VALID);
    await station.untilLogged(/transaction stopped connectorId=1/, 2);
    await station.sim("unplug", String(C));
    await station.untilLogged(/action=unplug/, 2);
    const back = station.mark();
    await station.goOnline();
    const start = await station.waitFor(call("StartTransaction"), back);
    const stop = await station.waitFor(call("StopTransaction"), back);

    const transactionId = station.transactionIdOf(start);
    expectInOrder(station.callsSince(back), [call("StartTransaction", { connectorId: C, idTag: VALID }), call("StopTransaction", { transactionId })]);
    expect(stop.payload.reason ?? "Local").toBe("Local");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
