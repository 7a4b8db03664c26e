import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, ConformanceStation, conformanceHooks, OTHER, status, VALID } from "./harness.ts";
import { expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_050_1_CS Reservation of a Charge Point - Faulted", () => {
  test("ReserveNow for connector 0 of a Faulted station is Faulted", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    await station.sim("fault", "0", "OtherError");
    for (const connectorId of [0, C, OTHER]) await station.waitFor(status(connectorId, "Faulted"), since);
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Faulted" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
