import { describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { caseTimeoutMs, call, conformanceHooks } from "./harness.ts";
import { profile3Station, securityPki, serialNumber } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_074_CS Update Charge Point Certificate by request of Central System", () => {
  test("ExtendedTriggerMessage(SignChargePointCertificate) → SignCertificate with a CSR (O = CpoName) → CertificateSigned Accepted → a new connection with the new certificate", async () => {
    const station = await profile3Station(pki, { CpoName: "VENDOR" });
    const { csms, tls } = station;
    const since = station.mark();
    // Step 1.
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    // Step 2: a PKCS#10 request for a key made on the station, subject O = CpoName, CN = its serial number.
    const sign = await station.waitFor(call("SignCertificate"), since);
    const csr = Bun.spawnSync(["openssl", "req", "-noout", "-verify", "-subject", "-nameopt", "RFC2253"], { stdin: new TextEncoder().encode(sign.payload.csr), stderr: "pipe" });
    expect(csr.exitCode).toBe(0);
    expect(csr.stdout.toString()).toContain(`O=VENDOR,CN=${serialNumber}`);
    // Step 3: the harness, as the CPO's sub-CA, signs it; the chain holds the certificate and the sub-CA.
    const leaf = pki.pki.signCsr(pki.cpoSub, sign.payload.csr, { days: 100 });
    const connections = csms.connections.length;
    const sessions = tls!.sessions.length;
    expect(await station.request("CertificateSigned", { certificateChain: leaf + pki.cpoSub.certPem })).toEqual({ status: "Accepted" });
    // Step 4: the station disconnects and connects again with the new client certificate.
    await csms.until(() => csms.connections.length > connections && csms.isStationConnected, 15_000, "a new connection");
    const presented = tls!.sessions.slice(sessions).at(-1)!.client!;
    expect(new X509Certificate(presented.pem).fingerprint256).toBe(new X509Certificate(leaf).fingerprint256);
    // The factory certificate stays as fallback; diag shows both, the new one in use, and never a key.
    const report = await station.diag();
    const security = report.profiles.Security;
    expect(security.data.certificates.filter((c: { type: string }) => c.type === "ChargePointCertificate")).toEqual([expect.objectContaining({ inUse: true, daysLeft: 99 })]);
    expect(JSON.stringify(report)).not.toContain("PRIVATE KEY");
    // After a power cut the station still presents the certificate it was given (kept in its database).
    const beforeCut = tls!.sessions.length;
    const beforeRestart = station.mark();
    await station.powerCycle();
    await station.untilIdle(beforeRestart);
    expect(new X509Certificate(tls!.sessions.slice(beforeCut).at(-1)!.client!.pem).fingerprint256).toBe(new X509Certificate(leaf).fingerprint256);
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
