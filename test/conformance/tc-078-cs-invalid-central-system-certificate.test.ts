import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, call, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_078_CS Invalid CentralSystemCertificate Security Event", () => {
  test("an expired CentralSystemRootCertificate is Rejected, then SecurityEventNotification InvalidCentralSystemCertificate", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    const expired = pki.pki.root("Expired CPO Root", { days: -1, startDaysAgo: 30 });
    const since = station.mark();
    expect(await station.request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: expired.certPem })).toEqual({ status: "Rejected" });
    const event = await station.waitFor(call("SecurityEventNotification", { type: "InvalidCentralSystemCertificate" }), since);
    expect(event.payload.techInfo).toMatch(/expired/);
    // Nothing was installed, and the station stayed connected.
    const listed = await station.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" });
    expect(listed.certificateHashData).toHaveLength(1);
    expect(station.callsSince(since).filter((c) => c.action === "BootNotification")).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
