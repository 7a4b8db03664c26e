/**
 * Issue 17's bad input through the binary: each gets its defined answer and security event, and the
 * station stays up and connected (no new connection, no CALLERROR, every frame schema-valid).
 */
import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, call, ConformanceStation, conformanceHooks } from "./harness.ts";
import { profile3Station, securityPki, serialNumber } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

let station: ConformanceStation;
const start = () =>
  profile3Station(pki, { CpoName: "VENDOR" });

/** Sends the CALL, expects its answer, then the event with the reason in techInfo, and no reconnect meanwhile. */
async function expectRefused(action: string, payload: unknown, answer: unknown, event: string | undefined, reason: RegExp): Promise<void> {
  const since = station.mark();
  const connections = station.csms.connections.length;
  expect(await station.request(action, payload)).toEqual(answer);
  if (event) {
    const notified = await station.waitFor(call("SecurityEventNotification", { type: event }), since);
    expect(notified.payload.techInfo).toMatch(reason);
  }
  expect(station.csms.connections.length).toBe(connections);
  expect(station.csms.isStationConnected).toBe(true);
}

describe("Security bad input (issue 17)", () => {
  test("garbage PEM as a root: Rejected, InvalidCentralSystemCertificate", async () => {
    station = await start();
    await expectRefused("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: "-----BEGIN CERTIFICATE-----\nZ2FyYmFnZQ==\n-----END CERTIFICATE-----\n" }, { status: "Rejected" }, "InvalidCentralSystemCertificate", /not an X\.509 certificate/);
    await expectRefused("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: "hello" }, { status: "Rejected" }, undefined, /./);
  }, caseTimeoutMs);

  test("a 100 kB certificate: Rejected with its event (InstallCertificate and CertificateSigned), not a CALLERROR", async () => {
    station = await start();
    const huge = pki.cpoRoot.certPem.repeat(Math.ceil(100_000 / pki.cpoRoot.certPem.length));
    await expectRefused("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: huge }, { status: "Rejected" }, "InvalidCentralSystemCertificate", /more than 5500/);
    await expectRefused("CertificateSigned", { certificateChain: huge }, { status: "Rejected" }, "InvalidChargePointCertificate", /more than CertificateSignedMaxChainSize/);
  }, caseTimeoutMs);

  test("a root with a 1024-bit key and an expired root: Rejected, InvalidCentralSystemCertificate", async () => {
    station = await start();
    const weak = pki.pki.root("Weak Root", { key: "rsa-1024" });
    await expectRefused("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: weak.certPem }, { status: "Rejected" }, "InvalidCentralSystemCertificate", /1024-bit RSA key/);
    await expectRefused("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: weak.certPem }, { status: "Rejected" }, undefined, /./);
    const expired = pki.pki.root("Old Root", { days: -2, startDaysAgo: 400 });
    await expectRefused("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: expired.certPem }, { status: "Rejected" }, "InvalidCentralSystemCertificate", /expired/);
    const listed = await station.request("GetInstalledCertificateIds", { certificateType: "ManufacturerRootCertificate" });
    expect(listed).toEqual({ status: "NotFound" });
  }, caseTimeoutMs);

  test("a chain of 11 certificates, a certificate for a key the station never made, and one for another station: Rejected, InvalidChargePointCertificate", async () => {
    station = await start();
    const since = station.mark();
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    const sign = await station.waitFor(call("SignCertificate"), since);
    const leaf = pki.pki.signCsr(pki.cpoRoot, sign.payload.csr);
    await expectRefused("CertificateSigned", { certificateChain: leaf + pki.cpoSub.certPem.repeat(10) }, { status: "Rejected" }, "InvalidChargePointCertificate", /11 certificates/);
    const foreign = pki.pki.issue(pki.cpoRoot, "foreign-station", `/CN=${serialNumber}/O=VENDOR`);
    await expectRefused("CertificateSigned", { certificateChain: foreign.certPem }, { status: "Rejected" }, "InvalidChargePointCertificate", /not for a key pair this station made/);
    const other = pki.pki.issue(pki.cpoRoot, "other-station", "/CN=CSC22B7-SN-9999/O=VENDOR");
    await expectRefused("CertificateSigned", { certificateChain: other.certPem }, { status: "Rejected" }, "InvalidChargePointCertificate", /subject CN CSC22B7-SN-9999/);
    // The right one is still taken afterwards.
    expect(await station.request("CertificateSigned", { certificateChain: leaf })).toEqual({ status: "Accepted" });
  }, caseTimeoutMs);

  test("a CSR answer that never comes: the station keeps its certificate and connection, and a new request works", async () => {
    station = await start();
    const since = station.mark();
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    await station.waitFor(call("SignCertificate"), since);
    await Bun.sleep(1_000);
    // A dropped connection comes back with the certificate in use: the pending request changes nothing.
    const connections = station.csms.connections.length;
    station.csms.dropConnections();
    await station.csms.until(() => station.csms.connections.length > connections && station.csms.isStationConnected, 15_000, "the reconnection");
    expect(station.tls!.sessions.at(-1)!.isClientTrusted).toBe(true);
    const again = station.mark();
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    const sign = await station.waitFor(call("SignCertificate"), again);
    expect(await station.request("CertificateSigned", { certificateChain: pki.pki.signCsr(pki.cpoRoot, sign.payload.csr) })).toEqual({ status: "Accepted" });
  }, caseTimeoutMs);

  test("SignedUpdateFirmware with no ManufacturerRootCertificate installed is InvalidCertificate (L01.FR.23); the station stays connected", async () => {
    station = await start();
    const connections = station.csms.connections.length;
    const frame = await station.csms.call("SignedUpdateFirmware", {
      requestId: 1,
      firmware: { location: "http://127.0.0.1:9/fw", retrieveDateTime: new Date().toISOString(), signingCertificate: pki.manufacturerRoot.certPem, signature: "AAAA" },
    });
    expect(frame.slice(0, 1)).toEqual([3]);
    expect(frame[2]).toEqual({ status: "InvalidCertificate" });
    expect(station.csms.connections.length).toBe(connections);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
