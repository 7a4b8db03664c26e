import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks, VALID, VALID2 } from "./harness.ts";

conformanceHooks();

const entry = (idTag: string) => ({ idTag, idTagInfo: { status: "Accepted" } });

describe("TC_043_2_CS Send Local Authorization List - VersionMismatch", () => {
  test("a Differential update with an older version is VersionMismatch and the version stays", async () => {
    const station = await ConformanceStation.start({ ocpp: { LocalAuthListEnabled: true } });
    expect(await station.request("SendLocalList", { listVersion: 2, updateType: "Full", localAuthorizationList: [entry(VALID)] })).toEqual({ status: "Accepted" });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 2 });
    expect(await station.request("SendLocalList", { listVersion: 5, updateType: "Differential", localAuthorizationList: [entry(VALID2)] })).toEqual({ status: "Accepted" });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 5 });
    expect(await station.request("SendLocalList", { listVersion: 4, updateType: "Differential", localAuthorizationList: [entry("04BBBB01")] })).toEqual({ status: "VersionMismatch" });
    expect(await station.request("GetLocalListVersion", {})).toEqual({ listVersion: 5 });
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
