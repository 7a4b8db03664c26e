import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID, VALID2 } from "./harness.ts";
import { expiryIn, otherConnectorUnavailable, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_047_CS Reservation of a Connector - Expire", () => {
  test("when nobody comes, the connector is Available at the expiryDate, and another user charges without the reservation", async () => {
    const station = await ConformanceStation.start();
    await otherConnectorUnavailable(station);
    const since = station.mark();
    const expiryMs = Date.now() + 5_000;
    expect(await station.request("ReserveNow", { connectorId: C, expiryDate: expiryIn(5_000), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Reserved"), since);
    const available = await station.waitFor(status(C, "Available"), since, 15_000);
    expect(available.at).toBeGreaterThanOrEqual(expiryMs - 1_000);
    expect(station.statuses(C, since)).toEqual(["Reserved", "Available"]);

    const charging = station.mark();
    await station.rsCharging(C, VALID2);
    const start = await station.waitFor(call("StartTransaction"), charging);
    expect(start.payload).not.toHaveProperty("reservationId");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
