import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, INVALID, matching, observe, status, transactionDurationMs } from "./harness.ts";

conformanceHooks();

describe("TC_023_CS Start Charging Session - Authorize invalid (tool id TC_023_4_CS, local)", () => {
  test("with the EV plugged in, a card the Central System calls Invalid starts no transaction", async () => {
    const station = await ConformanceStation.start({ ocpp: { MinimumStatusDuration: 10, LocalPreAuthorize: true } });
    const since = station.mark();
    await station.sim("plug", String(C));
    await station.waitFor(status(C, "Preparing"), since, 25_000);
    await station.sim("swipe", INVALID);
    await station.waitFor(call("Authorize", { idTag: INVALID }), since);
    await observe(transactionDurationMs);

    expectInOrder(station.callsSince(since), [status(C, "Preparing"), call("Authorize", { idTag: INVALID })]);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
