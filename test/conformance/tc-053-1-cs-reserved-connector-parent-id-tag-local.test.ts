import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, PARENT, status, VALID, VALID2 } from "./harness.ts";
import { otherConnectorUnavailable, R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

describe("TC_053_1_CS Use a reserved Connector with parentIdTag - Local", () => {
  test("a card of the reservation's group, learned by Authorize, starts on the reserved connector with the reservationId", async () => {
    const station = await ConformanceStation.start();
    await otherConnectorUnavailable(station);
    await rsReserved(station, C, { idTag: VALID, parentIdTag: PARENT });
    const since = station.mark();
    await station.rsAuthorized(VALID2, C);
    await station.sim("plug", String(C));
    const start = await station.waitFor(call("StartTransaction"), since);
    await station.waitFor(status(C, "Charging"), since);
    expect(start.payload).toMatchObject({ connectorId: C, idTag: VALID2, reservationId: R });
    expectInOrder(station.callsSince(since), [[call("Authorize", { idTag: VALID2 }), status(C, "Preparing")], [call("StartTransaction", { reservationId: R }), status(C, "Charging")]]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
