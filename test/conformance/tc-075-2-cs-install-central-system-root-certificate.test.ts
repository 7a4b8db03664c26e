import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_075_2_CS Install a certificate on the Charge Point - CentralSystemRootCertificate", () => {
  test("InstallCertificate is Accepted, GetInstalledCertificateIds lists it beside the root in use, and the next connection trusts it", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    const { csms, tls } = station;
    const newRoot = pki.pki.root("CPO Root 2026", { key: "ec-p256", days: 365 });
    expect(await station.request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: newRoot.certPem })).toEqual({ status: "Accepted" });
    const listed = await station.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" });
    const serials = listed.certificateHashData.map((data: { serialNumber: string }) => data.serialNumber.toUpperCase());
    expect(serials).toEqual([pki.pki.ocspCertId(pki.cpoRoot, pki.cpoRoot).serialNumber, pki.pki.ocspCertId(newRoot, newRoot).serialNumber].map((s) => s.replace(/^0+/, "")));
    // Installed roots are used from the next connection on: a Central System certificate from the new root is trusted.
    const server = pki.pki.issue(newRoot, "server-2026", "/CN=localhost", { extensions: "subjectAltName=DNS:localhost\n" });
    const connections = csms.connections.length;
    await tls!.restart({ ...pki.tls(), cert: server.certPem, key: server.keyPem });
    await csms.until(() => csms.connections.length > connections && csms.isStationConnected, 15_000, "a connection verified by the new root");
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
