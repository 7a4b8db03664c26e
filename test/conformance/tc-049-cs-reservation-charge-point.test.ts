import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, status, VALID } from "./harness.ts";
import { expiryIn, otherConnectorUnavailable, R } from "./reservation-data.ts";

conformanceHooks();

describe("TC_049_CS Reservation of a Charge Point - Transaction", () => {
  test("a reservation of connector 0 holds the one connector left (Reserved) and the reserved user's transaction carries it", async () => {
    const station = await ConformanceStation.start();
    const config = await station.request("GetConfiguration", { key: ["ReserveConnectorZeroSupported"] });
    expect(config.configurationKey).toEqual([{ key: "ReserveConnectorZeroSupported", readonly: true, value: "true" }]);
    await otherConnectorUnavailable(station);
    const since = station.mark();
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    await station.waitFor(status(C, "Reserved"), since);

    const charging = station.mark();
    await station.rsCharging(C, VALID, { isReserved: true });
    const start = await station.waitFor(call("StartTransaction"), charging);
    expect(start.payload).toMatchObject({ connectorId: C, idTag: VALID, reservationId: R });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
