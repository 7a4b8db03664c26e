import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER, status, VALID } from "./harness.ts";
import { expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_050_3_CS Reservation of a Charge Point - Unavailable", () => {
  test("ReserveNow for connector 0 of an Inoperative station is Unavailable", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("ChangeAvailability", { connectorId: 0, type: "Inoperative" })).toEqual({ status: "Accepted" });
    for (const connectorId of [0, C, OTHER]) await station.waitFor(status(connectorId, "Unavailable"), since);
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Unavailable" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
