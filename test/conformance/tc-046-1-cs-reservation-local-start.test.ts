import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching, observe, status, VALID, VALID2 } from "./harness.ts";
import { DIFFERENT, otherConnectorUnavailable, R, rsReserved } from "./reservation-data.ts";

conformanceHooks();

describe("TC_046_1_CS Reservation of a Connector - Local start transaction", () => {
  test("only the reserved idTag starts on the reserved connector; another card is refused without an Authorize", async () => {
    const station = await ConformanceStation.start();
    await otherConnectorUnavailable(station);
    const since = station.mark();
    await rsReserved(station, C, { idTag: VALID });

    // Step 3: a different tag (one of the same group and one the Central System does not know): no Authorize (2025-06 text), nothing starts.
    const different = station.mark();
    await station.sim("swipe", VALID2);
    await station.sim("swipe", DIFFERENT);
    await station.untilLogged(new RegExp(`card refused idTag=${DIFFERENT}`), 1);
    await observe(1_000);
    expect(station.callsSince(different)).toEqual([]);
    expect(station.countLogged(new RegExp(`card refused idTag=${VALID2} why="the connectors it could use are reserved for another user"`))).toBe(1);

    await station.sim("swipe", VALID);
    await station.waitFor(status(C, "Preparing"), since);
    await station.sim("plug", String(C));
    const start = await station.waitFor(call("StartTransaction"), since);
    await station.waitFor(status(C, "Charging"), since);

    expect(start.payload).toMatchObject({ connectorId: C, idTag: VALID, reservationId: R });
    expectInOrder(station.callsSince(since), [status(C, "Reserved"), call("Authorize", { idTag: VALID }), status(C, "Preparing"), [call("StartTransaction", { reservationId: R }), status(C, "Charging")]]);
    expect(matching(station.callsSince(since), call("Authorize")).map((c) => c.payload.idTag)).toEqual([VALID]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
