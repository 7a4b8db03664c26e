import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { securityRig } from "../../unit/profiles/security/security-rig.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { RecordingConnection } from "../../support/station-rig.ts";
import { type Issued, TestPki } from "../../support/test-pki.ts";

let pki: TestPki;
let cpoRoot: Issued;
let server: Issued;
let station: Issued;
const serial = "CSC22B7-SN-7";

beforeAll(() => {
  pki = new TestPki();
  cpoRoot = pki.root("CPO Root", { days: 365 });
  server = pki.issue(cpoRoot, "server", "/CN=localhost", { extensions: "subjectAltName=DNS:localhost\n" });
  station = pki.issue(cpoRoot, "station", `/CN=${serial}/O=VENDOR`, { days: 20 });
});
afterAll(() => pki.dispose());

/** A connection whose station.json has caFile (the CPO root) and, when asked, certFile/keyFile. */
function connectionWith(files: { stationCertificate?: boolean } = {}): RecordingConnection {
  const connection = new RecordingConnection();
  connection.files = { caPem: cpoRoot.certPem, ...(files.stationCertificate ? { clientCertPem: station.certPem, clientKeyPem: station.keyPem } : {}) };
  connection.peerChain = [server.certPem, cpoRoot.certPem];
  return connection;
}

/** The rig on a fake clock that starts now: the certificates openssl made are valid from now on. */
const rigWith = (options: Parameters<typeof securityRig>[0] = {}) =>
  securityRig({
    clock: new FakeClock(new Date().toISOString()),
    connection: connectionWith({ stationCertificate: true }),
    ocpp: { CpoName: "VENDOR", SecurityProfile: "2", AuthorizationKey: "00112233445566778899AABBCCDDEEFF" },
    ...options,
  });

/** What WebCrypto does in real time (key pairs, signatures) settles within a few hundred ms. */
async function until(condition: () => boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 400 && !condition(); tries += 1) await Bun.sleep(5);
  if (!condition()) throw new Error(`timed out waiting for ${what}`);
}

describe("roots (M03–M05)", () => {
  test("station.json's caFile is installed once; TLS trusts the valid Central System roots from the next connection", async () => {
    const { request, security, rig } = await rigWith();
    expect((await request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" })).certificateHashData).toHaveLength(1);
    const next = pki.root("Next Root", { days: 100 });
    expect(await request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: next.certPem })).toEqual({ status: "Accepted" });
    expect(await request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: next.certPem })).toEqual({ status: "Accepted" });
    expect(rig.connection.credentials!().caPems.map((pem) => pem.trim())).toEqual([cpoRoot.certPem.trim(), next.certPem.trim()]);
    expect(security.roots.installed("CentralSystemRootCertificate")).toHaveLength(2);
  });

  test("the root that verifies the connection in use is Failed, another is Accepted; one deleted stays deleted though caFile holds it", async () => {
    const connection = connectionWith({ stationCertificate: true });
    const { request, rig, security } = await rigWith({ connection });
    const other = pki.root("Other Root", { days: 100 });
    expect(await request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: other.certPem })).toEqual({ status: "Accepted" });
    rig.connection.attempt({ kind: "connected", securityProfile: 2 });
    await until(() => security.connectionSecurity.isInUse(security.roots.installed()[0]!), "the root in use known");
    expect(await request("DeleteCertificate", { certificateHashData: pki.ocspCertId(cpoRoot, cpoRoot) })).toEqual({ status: "Failed" });
    expect(await request("DeleteCertificate", { certificateHashData: pki.ocspCertId(other, other, "sha384") })).toEqual({ status: "Accepted" });
    // Offline (no connection verified by it) the file's root may go, and a restart does not bring it back.
    rig.connection.attempt({ kind: "failed", securityProfile: 2, failure: { kind: "connectionRefused", message: "refused" } });
    expect(await request("DeleteCertificate", { certificateHashData: pki.ocspCertId(cpoRoot, cpoRoot) })).toEqual({ status: "Accepted" });
    const again = await rigWith({ database: rig.database, connection });
    expect(await again.request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" })).toEqual({ status: "NotFound" });
  });

  test("a root in use that cannot be told from the others (the probe failed) counts as in use", async () => {
    const connection = connectionWith();
    connection.peerChain = undefined;
    const { request, rig, security } = await rigWith({ connection });
    rig.connection.attempt({ kind: "connected", securityProfile: 2 });
    await until(() => security.connectionSecurity.isInUse(security.roots.installed()[0]!), "the root in use judged");
    expect(await request("DeleteCertificate", { certificateHashData: pki.ocspCertId(cpoRoot, cpoRoot) })).toEqual({ status: "Failed" });
  });

  test("CertificateStoreMaxLength (20) roots: the next is Rejected, one already installed is still Accepted", async () => {
    const { request } = await rigWith();
    for (let i = 1; i < 20; i += 1) {
      expect(await request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: pki.root(`M${i}`).certPem })).toEqual({ status: "Accepted" });
    }
    expect(await request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: pki.root("M21").certPem })).toEqual({ status: "Rejected" });
    expect(await request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: cpoRoot.certPem })).toEqual({ status: "Accepted" });
  });

  test("AdditionalRootCertificateCheck: a new Central System root must be signed by the one installed; the old one is fallback until the new one verifies a connection", async () => {
    const connection = connectionWith();
    const { request, rig, security } = await rigWith({ connection, ocpp: { AdditionalRootCertificateCheck: "true", SecurityProfile: "2", AuthorizationKey: "00112233445566778899AABBCCDDEEFF" } });
    expect(await request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: pki.root("Unrelated Root").certPem })).toEqual({ status: "Rejected" });
    const successor = pki.issue(cpoRoot, "Successor Root", "/CN=Successor Root/O=CPO", { isCa: true, days: 300 });
    expect(await request("InstallCertificate", { certificateType: "CentralSystemRootCertificate", certificate: successor.certPem })).toEqual({ status: "Accepted" });
    // Connected with the old root: both stay.
    rig.connection.attempt({ kind: "connected", securityProfile: 2 });
    await until(() => security.connectionSecurity.isInUse(security.roots.installed()[0]!), "the old root in use");
    expect((await request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" })).certificateHashData).toHaveLength(2);
    // The Central System moves to a certificate of the new root: the old one goes.
    connection.peerChain = [pki.issue(successor, "server-2", "/CN=localhost", { extensions: "subjectAltName=DNS:localhost\n" }).certPem];
    rig.connection.attempt({ kind: "connected", securityProfile: 2 });
    await until(() => security.roots.installed("CentralSystemRootCertificate").length === 1, "the fallback root deleted");
    const left = await request("GetInstalledCertificateIds", { certificateType: "CentralSystemRootCertificate" });
    expect(left.certificateHashData.map((d: { serialNumber: string }) => d.serialNumber.toUpperCase())).toEqual([pki.ocspCertId(successor, cpoRoot).serialNumber.replace(/^0+/, "")]);
  });
});

describe("the station's own certificate (A02, A03)", () => {
  test("A03: a month before its certificate expires the station asks for a new one by itself, once a day at most; CertificateSigned is stored and presented", async () => {
    const { rig, request } = await rigWith({ isBooted: false });
    rig.built.start();
    rig.csms.connect();
    await rig.settle();
    await until(() => rig.payloadsOf("SignCertificate").length === 1, "the renewal's SignCertificate");
    const csr = rig.payloadsOf("SignCertificate")[0].csr as string;
    await rig.settle(6 * 3600_000);
    await Bun.sleep(100);
    expect(rig.payloadsOf("SignCertificate")).toHaveLength(1);
    const renewed = pki.signCsr(cpoRoot, csr, { days: 200 });
    expect(await request("CertificateSigned", { certificateChain: renewed })).toEqual({ status: "Accepted" });
    expect(rig.connection.credentials!().clientCertPem?.trim()).toBe(renewed.trim());
    expect(rig.connection.reconnects).toEqual([]); // profile 2: the certificate is not presented, nothing to switch
  });

  test("a certificate valid only from later is stored and switched to at its notBefore; one that fails its first connection falls back to the one before", async () => {
    const connection = connectionWith({ stationCertificate: true });
    const { rig, request } = await rigWith({ connection, ocpp: { CpoName: "VENDOR", SecurityProfile: "3" } });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    await until(() => rig.payloadsOf("SignCertificate").length === 1, "SignCertificate");
    const later = pki.signCsr(cpoRoot, rig.payloadsOf("SignCertificate")[0].csr, { startDaysAgo: -1, days: 100 });
    expect(await request("CertificateSigned", { certificateChain: later })).toEqual({ status: "Accepted" });
    expect(rig.connection.credentials!().clientCertPem).toBe(station.certPem);
    expect(rig.connection.reconnects).toEqual([]);
    await rig.settle(86_400_000 + 60_000);
    expect(rig.connection.reconnects).toEqual(["new Charge Point certificate"]);
    expect(rig.connection.credentials!().clientCertPem?.trim()).toBe(later.trim());
    // The Central System does not take it: the next connection presents the factory certificate.
    rig.connection.attempt({ kind: "failed", securityProfile: 3, failure: { kind: "tlsError", message: "TLS / certificate error: TLSV13_ALERT_CERTIFICATE_REQUIRED" } });
    expect(rig.connection.credentials!().clientCertPem).toBe(station.certPem);
  });

  test("diag: the profile, each certificate with days left, the last events, and a problem for a certificate in use within 30 days of expiry; never a key", async () => {
    const { rig, security, request } = await rigWith({ ocpp: { CpoName: "VENDOR", SecurityProfile: "2", AuthorizationKey: "00112233445566778899AABBCCDDEEFF" } });
    expect(await request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: pki.root("Short Root", { days: 10 }).certPem })).toEqual({ status: "Accepted" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    await until(() => rig.payloadsOf("SignCertificate").length === 1, "SignCertificate");
    const part = security.diagnostics();
    expect(part.lines[0]).toBe("profile 2 (TLS with Basic auth)");
    expect(part.lines).toContainEqual(expect.stringMatching(/^CS root CN=CPO Root, O=Test, expires \d{4}-\d\d-\d\d \(\d+ days\), from station\.json$/));
    expect(part.lines).toContainEqual(expect.stringMatching(/^station CN=CSC22B7-SN-7, O=VENDOR, expires .* \((19|20) days\), from station\.json, in use$/));
    expect(part.problems).toEqual([
      { severity: "problem", message: expect.stringMatching(/^manuf\. root certificate CN=Short Root, O=Test expires in (9|10) days/) },
      { severity: "problem", message: expect.stringMatching(/^station certificate CN=CSC22B7-SN-7, O=VENDOR expires in (19|20) days/) },
    ]);
    expect(JSON.stringify(part)).not.toContain("PRIVATE KEY");
    const stored = (await import("../../../src/profiles/security/security-diagnostics.ts")).securityDiagnostics(rig.database, { now: rig.clock.now() });
    expect(stored.lines.filter((line) => line.startsWith("event"))).toHaveLength(part.lines.filter((line) => line.startsWith("event")).length);
    // GetConfiguration never shows a key, and the log never did.
    expect(JSON.stringify((await request("GetConfiguration", {})).configurationKey)).not.toContain("PRIVATE");
  });
});
