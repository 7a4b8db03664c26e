/**
 * Issue 17's secrets at rest and diag, through the binary: the station's private key lives only in
 * its database (0600) and never shows in the log, diag, GetConfiguration or an upload; diag shows the
 * security profile, the certificates with their days left and the last events, and a problem for a
 * certificate that expires within 30 days.
 */
import { Database } from "bun:sqlite";
import { describe, expect, test } from "bun:test";
import { statSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, runToEnd } from "../support/binary.ts";
import { caseTimeoutMs, call, ConformanceStation, conformanceHooks } from "./harness.ts";
import { profile3Station, securityPki, serialNumber } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("Security: secrets at rest and diag", () => {
  test("the key made on the station is only in station.db (0600): not in the log, diag, GetConfiguration or an uploaded log", async () => {
    const station = await profile3Station(pki, { CpoName: "VENDOR" });
    const { csms } = station;
    const since = station.mark();
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    const sign = await station.waitFor(call("SignCertificate"), since);
    const connections = csms.connections.length;
    expect(await station.request("CertificateSigned", { certificateChain: pki.pki.signCsr(pki.cpoRoot, sign.payload.csr) })).toEqual({ status: "Accepted" });
    await csms.until(() => csms.connections.length > connections && csms.isStationConnected, 15_000, "the reconnection with the new certificate");
    const dataDir = join(station.cwd, "data");
    expect(statSync(join(dataDir, "station.db")).mode & 0o077).toBe(0);
    const db = new Database(join(dataDir, "station.db"), { readonly: true });
    const keys = db.query("SELECT private_key_pem AS pem FROM charge_point_key").all() as { pem: string }[];
    db.close();
    expect(keys).toHaveLength(1);
    const secret = keys[0]!.pem.split("\n")[1]!;
    expect(secret.length).toBeGreaterThan(40);
    const upload = await station.request("GetLog", { logType: "DiagnosticsLog", requestId: 1, log: { remoteLocation: csms.uploadUrl } });
    await station.waitFor(call("LogStatusNotification", { status: "Uploaded", requestId: 1 }), since);
    const config = (await station.request("GetConfiguration", {})).configurationKey;
    const outputs = await Promise.all(["summary", "config", "log"].map((what) => runToEnd([binaryPath, "diag", what, "--json", "--config", station.config], station.cwd)));
    const everything = [station.process.output(), csms.uploads.get(`/upload/${upload.filename}`)!, JSON.stringify(config), ...outputs.map((o) => o.stdout + o.stderr)].join("\n");
    expect(everything).toContain("CertificateSigned");
    expect(everything).not.toContain(secret);
    expect(everything).not.toContain(pki.station.keyPem.split("\n")[1]!);
  }, caseTimeoutMs);

  test("diag: security profile, certificates with days left, the last events, and a problem for the station certificate that expires within 30 days", async () => {
    const shortLived = pki.pki.issue(pki.cpoRoot, "short-station", `/CN=${serialNumber}/O=VENDOR`, { extensions: "extendedKeyUsage=clientAuth\n", days: 12 });
    const station = await ConformanceStation.start({
      tls: pki.tls(true),
      files: { "ca.pem": pki.cpoRoot.certPem, "station.pem": shortLived.certPem, "station.key": shortLived.keyPem },
      identity: { chargePointSerialNumber: serialNumber },
      centralSystem: { securityProfile: 3, caFile: "ca.pem", certFile: "station.pem", keyFile: "station.key" },
    });
    const report = await station.diag();
    expect(report.exitCode).toBe(1);
    expect(report.problems).toContainEqual({ severity: "problem", message: expect.stringMatching(/^station certificate CN=CSC22B7-SN-0001, O=VENDOR expires in 11 days/) });
    const lines = report.profiles.Security.lines as string[];
    expect(lines[0]).toBe("profile 3 (TLS with client certificate)");
    expect(lines).toContainEqual(expect.stringMatching(/^CS root CN=CPO Root, O=Test, expires .* \(364 days\), from station\.json$/));
    expect(lines).toContainEqual(expect.stringMatching(/^event \S+Z StartupOfTheDevice: firmware /));
    const text = await runToEnd([binaryPath, "diag", "--config", station.config], station.cwd);
    expect(text.stdout).toMatch(/\[!\] station certificate CN=CSC22B7-SN-0001, O=VENDOR expires in 11 days/);
    expect(text.stdout).toMatch(/\nSecurity +profile 3 \(TLS with client certificate\)/);
    // Stopped, diag reads the same from the database.
    await station.process.stop();
    const stopped = await station.diag();
    expect(stopped.running).toBe(false);
    expect(stopped.profiles.Security.lines).toContainEqual(expect.stringMatching(/^CS root CN=CPO Root/));
  }, caseTimeoutMs);
});
