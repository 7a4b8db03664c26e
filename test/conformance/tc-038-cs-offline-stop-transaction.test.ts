import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_038_CS Offline Stop Transaction", () => {
  test("a transaction stopped with its card while offline is reported by StopTransaction (reason Local) and Finishing once online", async () => {
    const station = await ConformanceStation.start();
    const transactionId = await station.rsCharging(C, VALID);

    await station.goOffline();
    await station.sim("swipe", VALID);
    await station.untilLogged(/transaction stopped connectorId=1/, 1);
    const back = station.mark();
    await station.goOnline();
    const stop = await station.waitFor(call("StopTransaction"), back);
    await station.waitFor(status(C, "Finishing"), back);

    expectInOrder(station.callsSince(back), [[call("StopTransaction", { transactionId }), status(C, "Finishing")]]);
    expect(stop.payload.reason ?? "Local").toBe("Local");
    expect(matching(station.callsSince(back), call("StopTransaction"))).toHaveLength(1);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
