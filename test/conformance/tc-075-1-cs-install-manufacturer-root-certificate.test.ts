import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_075_1_CS Install a certificate on the Charge Point - ManufacturerRootCertificate", () => {
  test("InstallCertificate is Accepted and GetInstalledCertificateIds lists it with the hash data the tool computes (OCSP CertID)", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    expect(await station.request("GetInstalledCertificateIds", { certificateType: "ManufacturerRootCertificate" })).toEqual({ status: "NotFound" });
    // Step 1.
    expect(await station.request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: pki.manufacturerRoot.certPem })).toEqual({ status: "Accepted" });
    // Step 2: the tool's own hash data of the certificate (openssl's OCSP CertID) is in the list.
    const listed = await station.request("GetInstalledCertificateIds", { certificateType: "ManufacturerRootCertificate" });
    const expected = pki.pki.ocspCertId(pki.manufacturerRoot, pki.manufacturerRoot);
    expect(listed.status).toBe("Accepted");
    expect(listed.certificateHashData.map(upper)).toEqual([upper(expected)]);
    // The other type is not mixed in.
    const roots = await station.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" });
    expect(roots.certificateHashData.map(upper)).toEqual([upper(pki.pki.ocspCertId(pki.cpoRoot, pki.cpoRoot))]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});

/** The tool compares hex without caring for case or leading zeros of the serial. */
function upper(data: { hashAlgorithm: string; issuerNameHash: string; issuerKeyHash: string; serialNumber: string }) {
  return { ...data, issuerNameHash: data.issuerNameHash.toUpperCase(), issuerKeyHash: data.issuerKeyHash.toUpperCase(), serialNumber: data.serialNumber.toUpperCase().replace(/^0+/, "") };
}
