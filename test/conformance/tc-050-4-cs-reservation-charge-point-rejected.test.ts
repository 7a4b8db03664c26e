import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks, VALID } from "./harness.ts";
import { expiryIn, R } from "./reservation-data.ts";

conformanceHooks();

/** The case is for a station without the profile; this one supports it, so it is checked with reservations turned off. */
describe("TC_050_4_CS Reservation of a Charge Point - Rejected", () => {
  test("with reservations turned off, ReserveNow for connector 0 is Rejected", async () => {
    const station = await ConformanceStation.start({ ocpp: { ReservationEnabled: false } });
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Rejected" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("with ReserveConnectorZeroSupported false in station.json, connector 0 is Rejected and a connector is still Accepted (S3)", async () => {
    const station = await ConformanceStation.start({ ocpp: { ReserveConnectorZeroSupported: false } });
    const config = await station.request("GetConfiguration", { key: ["ReserveConnectorZeroSupported"] });
    expect(config.configurationKey).toEqual([{ key: "ReserveConnectorZeroSupported", readonly: true, value: "false" }]);
    expect(await station.request("ReserveNow", { connectorId: 0, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Rejected" });
    expect(await station.request("ReserveNow", { connectorId: 1, expiryDate: expiryIn(), idTag: VALID, reservationId: R })).toEqual({ status: "Accepted" });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
