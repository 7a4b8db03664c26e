import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, INVALID, offlineStartConfig, status } from "./harness.ts";

conformanceHooks();

describe("TC_037_3_CS Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId=true", () => {
  test("a transaction started offline with a card the Central System then calls Invalid is stopped with reason DeAuthorized", async () => {
    const station = await ConformanceStation.start({ ocpp: { ...offlineStartConfig, StopTransactionOnInvalidId: true, MaxEnergyOnInvalidId: 0 } });
    station.script.tags.set(INVALID, { status: "Accepted" });
    await station.msIdTagCached(INVALID);
    station.script.tags.set(INVALID, { status: "Invalid" });

    await station.startOfflineWithCard(INVALID);
    const back = station.mark();
    await station.goOnline();
    const start = await station.waitFor(call("StartTransaction"), back);
    await station.waitFor(call("StopTransaction"), back);
    await station.waitFor(status(C, "Finishing"), back);

    const transactionId = station.transactionIdOf(start);
    expectInOrder(station.callsSince(back), [
      [call("StartTransaction", { connectorId: C, idTag: INVALID }), status(C, "Charging")],
      [call("StopTransaction", { transactionId, reason: "DeAuthorized" }), status(C, "Finishing")],
    ]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
