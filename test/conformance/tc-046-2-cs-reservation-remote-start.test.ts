import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, VALID } from "./harness.ts";
import { R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

describe("TC_046_2_CS Reservation of a Connector - Remote start transaction", () => {
  test("RS-Charging on the Reserved connector: Preparing after the remote start, and the StartTransaction carries idTag and reservationId", async () => {
    const station = await ConformanceStation.start();
    await rsReserved(station, C, { idTag: VALID });
    const since = station.mark();
    await station.rsCharging(C, VALID, { isReserved: true });
    const start = await station.waitFor(call("StartTransaction"), since);
    expect(start.payload).toMatchObject({ connectorId: C, idTag: VALID, reservationId: R });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
