import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER, status, VALID } from "./harness.ts";
import { expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_050_2_CS Reservation of a Charge Point - Occupied", () => {
  test("ReserveNow for connector 0 with an EV plugged into every connector is Occupied", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    for (const connectorId of [C, OTHER]) await station.sim("plug", String(connectorId));
    for (const connectorId of [C, OTHER]) await station.waitFor(status(connectorId, "Preparing"), since);
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Occupied" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
