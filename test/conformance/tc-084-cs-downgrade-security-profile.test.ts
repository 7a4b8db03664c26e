import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_084_CS Downgrade security profile - Rejected", () => {
  test("connected at profile 2, SecurityProfile 1 is Rejected and nothing changes", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    const connections = station.csms.connections.length;
    expect(await station.request("ChangeConfiguration", { key: "SecurityProfile", value: "1" })).toEqual({ status: "Rejected" });
    expect(await station.request("ChangeConfiguration", { key: "SecurityProfile", value: "0" })).toEqual({ status: "Rejected" });
    // Raising to 3 without a station certificate is Rejected too (A05.FR.04).
    expect(await station.request("ChangeConfiguration", { key: "SecurityProfile", value: "3" })).toEqual({ status: "Rejected" });
    const read = await station.request("GetConfiguration", { key: ["SecurityProfile"] });
    expect(read.configurationKey[0].value).toBe("2");
    await Bun.sleep(300);
    expect(station.csms.connections.length).toBe(connections);
  }, caseTimeoutMs);
});
