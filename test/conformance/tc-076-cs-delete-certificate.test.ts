import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_076_CS Delete a specific certificate from the Charge Point", () => {
  test("DeleteCertificate with the hash data in the hash algorithm the station uses is Accepted and the certificate is gone; the root in use is Failed", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    // MS-CertificateInstalled.
    const installed = pki.pki.root("CPO Root Next", { days: 365 });
    expect(await station.request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: installed.certPem })).toEqual({ status: "Accepted" });
    // Step 1: the hashAlgorithm the station uses.
    const before = await station.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" });
    const hashAlgorithm = before.certificateHashData[0].hashAlgorithm;
    expect(hashAlgorithm).toBe("SHA256");
    // Step 2: the tool computes the hash data itself.
    const target = pki.pki.ocspCertId(installed, installed, "sha256");
    expect(await station.request("DeleteCertificate", { certificateHashData: target })).toEqual({ status: "Accepted" });
    // Step 3.
    const after = await station.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" });
    const serials = after.certificateHashData.map((data: { serialNumber: string }) => data.serialNumber.toUpperCase());
    expect(serials).not.toContain(target.serialNumber.replace(/^0+/, ""));
    expect(serials).toHaveLength(1);
    // The root that verifies the connection in use cannot be deleted (M04): Failed, in any hash algorithm; and it stays.
    const inUse = pki.pki.ocspCertId(pki.cpoRoot, pki.cpoRoot, "sha512");
    expect(await station.request("DeleteCertificate", { certificateHashData: inUse })).toEqual({ status: "Failed" });
    expect(await station.request("DeleteCertificate", { certificateHashData: target })).toEqual({ status: "NotFound" });
    const since = station.mark();
    expect(await station.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" })).toMatchObject({ status: "Accepted" });
    // The deletion is in the security log and reported (ReconfigurationOfSecurityParameters).
    expect(station.callsSince(0).some((c) => c.action === "SecurityEventNotification" && c.payload.type === "ReconfigurationOfSecurityParameters" && /deleted/.test(c.payload.techInfo))).toBe(true);
    expect(station.callsSince(since).filter((c) => c.action === "BootNotification")).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
