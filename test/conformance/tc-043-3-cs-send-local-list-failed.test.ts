import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks, VALID } from "./harness.ts";

conformanceHooks();

const entry = (idTag: string) => ({ idTag, idTagInfo: { status: "Accepted" } });

describe("TC_043_3_CS Send Local Authorization List - Failed", () => {
  test("an update the station cannot apply is Failed and changes nothing: more than SendLocalListMaxLength entries, a duplicate idTag", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalAuthListEnabled: true } });
    expect(await station.request("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: [entry(VALID)] })).toEqual({ status: "Accepted" });
    const read = await station.request("GetConfiguration", { key: ["SendLocalListMaxLength"] });
    const maxEntries = Number(read.configurationKey[0].value);
    const tooMany = Array.from({ length: maxEntries + 1 }, (_, i) => entry(`04${i.toString(16).toUpperCase().padStart(6, "0")}`));
    expect(await station.request("SendLocalList", { listVersion: 2, updateType: "Full", localAuthorizationList: tooMany })).toEqual({ status: "Failed" });
    expect(await station.request("SendLocalList", { listVersion: 2, updateType: "Full", localAuthorizationList: [entry("04ABCD01"), entry("04abcd01")] })).toEqual({ status: "Failed" });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 1 });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
