import { describe, expect, test } from "bun:test";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, observe, status } from "./harness.ts";

conformanceHooks();

/** A tag the station knows from the local list only: it is never asked about it before starting. */
const LISTED_ONLY = "04C0FFEE";

describe("TC_043_CS Send Local Authorization List", () => {
  test("a Full and a Differential update are accepted, and the station then authorizes from the list", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalAuthListEnabled: true, LocalPreAuthorize: true } });
    station.script.tags.set(LISTED_ONLY, { status: "Accepted" });
    expect(
      await station.request("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [{ idTag: "04AAAA01", idTagInfo: { status: "Accepted" } }] }),
    ).toEqual({ status: "Accepted" });
    expect(
      await station.request("SendLocalList", {
        listVersion: 2,
        updateType: "Differential",
        localAuthorizationList: [{ idTag: LISTED_ONLY, idTagInfo: { status: "Accepted" } }, { idTag: "04AAAA01" }],
      }),
    ).toEqual({ status: "Accepted" });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 2 });
    const since = station.mark();
    await station.sim("plug", String(C));
    await station.sim("swipe", LISTED_ONLY);
    await station.waitFor(call("StartTransaction", { connectorId: C, idTag: LISTED_ONLY }), since);
    await station.waitFor(status(C, "Charging"), since);
    await observe(300);
    expect(station.callsSince(since).filter((c) => c.action === "Authorize")).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
