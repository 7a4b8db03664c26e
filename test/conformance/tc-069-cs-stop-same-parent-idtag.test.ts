import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, OTHER, PARENT, status, VALID, VALID2 } from "./harness.ts";

conformanceHooks();

/** A card of no group that keeps the connector not under test occupied. */
const ELSEWHERE = "04B0B0B0";

describe("TC_069_CS Stop transaction - ParentIdTag in StopTransaction matches ParentIdTag in StartTransaction", () => {
  test("a different card with the same parentIdTag is authorized and stops the transaction with its own idTag", async () => {
    const station = await ConformanceStation.start();
    station.script.tags.set(ELSEWHERE, { status: "Accepted" });
    // Prerequisite: one reader for two connectors, so the connector not under test is occupied.
    await station.rsCharging(OTHER, ELSEWHERE);
    const transactionId = await station.rsCharging(C, VALID);

    const since = station.mark();
    await station.sim("swipe", VALID2);
    const stopped = await station.waitFor(call("StopTransaction"), since);
    await station.waitFor(status(C, "Finishing"), since);

    expectInOrder(station.callsSince(since), [
      call("Authorize", { idTag: VALID2 }),
      [call("StopTransaction", { transactionId, idTag: VALID2 }), status(C, "Finishing")],
    ]);
    expect(stopped.payload.reason ?? "Local").toBe("Local");
    expect(station.script.tags.get(VALID2)?.parentIdTag).toBe(PARENT);
    // The transaction of the other group goes on.
    expect(matching(station.callsSince(since), call("StopTransaction"))).toHaveLength(1);
    expect(station.statuses(OTHER, since)).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
