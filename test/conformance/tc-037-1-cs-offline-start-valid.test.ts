import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, offlineStartConfig, status, VALID } from "./harness.ts";

conformanceHooks();

describe("TC_037_1_CS Offline Start Transaction - Valid IdTag", () => {
  test("a transaction started offline with a cached card is reported by StartTransaction and Charging once online", async () => {
    const station = await ConformanceStation.start({ ocpp: offlineStartConfig });
    await station.msIdTagCached(VALID);

    await station.startOfflineWithCard(VALID);
    const back = station.mark();
    await station.goOnline();
    await station.waitFor(call("StartTransaction"), back);
    await station.waitFor(status(C, "Charging"), back);

    expectInOrder(station.callsSince(back), [[call("StartTransaction", { connectorId: C, idTag: VALID }), status(C, "Charging")]]);
    expect(station.callsSince(back).map((c) => c.action)).not.toContain("Authorize");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
