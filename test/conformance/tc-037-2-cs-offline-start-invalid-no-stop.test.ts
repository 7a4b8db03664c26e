import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, INVALID, matching, observe, offlineStartConfig, status } from "./harness.ts";

conformanceHooks();

describe("TC_037_2_CS Offline Start Transaction - Invalid IdTag - StopTransactionOnInvalidId=false", () => {
  test("a transaction started offline with a card the Central System then calls Invalid is suspended (SuspendedEVSE), not stopped", async () => {
    const station = await ConformanceStation.start({ ocpp: { ...offlineStartConfig, StopTransactionOnInvalidId: false, MaxEnergyOnInvalidId: 0 } });
    // MS-IdTagCached(INVALID): the card is in the cache as Accepted; the Central System changes its mind later.
    station.script.tags.set(INVALID, { status: "Accepted" });
    await station.msIdTagCached(INVALID);
    station.script.tags.set(INVALID, { status: "Invalid" });

    await station.startOfflineWithCard(INVALID);
    const back = station.mark();
    await station.goOnline();
    await station.waitFor(call("StartTransaction"), back);
    await station.waitFor(status(C, "SuspendedEVSE"), back);
    await observe(2_000);

    expectInOrder(station.callsSince(back), [[call("StartTransaction", { connectorId: C, idTag: INVALID }), status(C, "Charging")], status(C, "SuspendedEVSE")]);
    expect(matching(station.callsSince(back), call("StopTransaction"))).toEqual([]);
    expect(station.statuses(C, back).at(-1)).toBe("SuspendedEVSE");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
