import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, PARENT, VALID, VALID2 } from "./harness.ts";
import { R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

/** TEST-CASES.md §12: no OCA text; the inferred remote variant of TC_053. */
describe("TC_053_2_CS Use a reserved Connector with parentIdTag - Remote", () => {
  test("RS-Charging with a tag of the reservation's group: Accepted, Authorize tells the group, the StartTransaction carries the reservationId", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID, parentIdTag: PARENT });
    const since = station.mark();
    await station.rsCharging(C, VALID2, { isReserved: true });
    const start = await station.waitFor(call("StartTransaction"), since);
    expect(start.payload).toMatchObject({ connectorId: C, idTag: VALID2, reservationId: R });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
