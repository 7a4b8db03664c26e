import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { binaryPath } from "../support/binary.ts";
import { newBuild, servesPath, testImages } from "../support/firmware-images.ts";
import type { Issued } from "../support/test-pki.ts";
import { call, conformanceHooks, expectInOrder, matching, status, C, OTHER } from "./harness.ts";
import { fileServer, firmwareReport, installedStation, signedFirmwareStatus, signedFirmwareStatuses, stopFileServers, untilRunning } from "./firmware-station.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();
let signer: Issued;
beforeAll(async () => {
  await testImages();
  signer = pki.pki.issue(pki.manufacturerRoot, "firmware-signer", "/CN=CSC22B7 Firmware Signing/O=VENDOR", { key: "rsa-2048" });
}, 120_000);
afterEach(() => stopFileServers());

/** A station at security profile 2 (TLS, Basic auth) running from its own copy, with the manufacturer root installed (so unsigned images are refused, L01.FR.20). */
async function signedStation() {
  const station = await installedStation({
    tls: pki.tls(),
    files: { "ca.pem": pki.cpoRoot.certPem },
    centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
  });
  expect(await station.request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: pki.manufacturerRoot.certPem })).toEqual({ status: "Accepted" });
  return station;
}

const signed = (s: string) => call("SignedFirmwareStatusNotification", { status: s, requestId: 1 });

describe("TC_080_CS Secure Firmware Update", () => {
  test("Accepted after the signing certificate is checked; Downloading, Downloaded, SignatureVerified, Installing, then the new executable boots, is Available and reports Installed, each with requestId 1", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/csc22b7", servesPath(good));
    const station = await signedStation();
    const oldBuild = (await firmwareReport(station)).build;
    const since = station.mark();

    // Step 1.
    const answer = await station.request("SignedUpdateFirmware", {
      requestId: 1,
      firmware: { location: files.url("/fw/csc22b7"), retrieveDateTime: new Date().toISOString(), signingCertificate: signer.certPem, signature: pki.pki.signData(signer, readFileSync(good), "pss") },
    });
    expect(answer).toEqual({ status: "Accepted" });
    // Steps 2-8 (5-8 in any order).
    await signedFirmwareStatus(station, "Installed", since, 60_000);
    expectInOrder(station.callsSince(since), [
      signed("Downloading"),
      signed("Downloaded"),
      signed("SignatureVerified"),
      signed("Installing"),
      signed("InstallRebooting"),
      [call("BootNotification"), status(0, "Available"), status(C, "Available"), status(OTHER, "Available"), call("SecurityEventNotification", { type: "FirmwareUpdated" }), signed("Installed")],
    ]);
    expect(signedFirmwareStatuses(station, since).map((p) => p.status)).toEqual(["Downloading", "Downloaded", "SignatureVerified", "Installing", "InstallRebooting", "Installed"]);
    expect(matching(station.callsSince(since), call("FirmwareStatusNotification"))).toEqual([]);

    const report = await untilRunning(station, newBuild);
    expect(report.profiles.FirmwareManagement.data.update).toMatchObject({ stage: "finished", outcome: "Installed", imageVersion: `0.1.0 (${newBuild})` });
    expect(report.profiles.FirmwareManagement.data.previous).toEqual({ path: `${station.executable}.previous`, version: `0.1.0 (${oldBuild})` });
    expect(readFileSync(station.executable).equals(readFileSync(good))).toBe(true);
    expect(station.tls!.sessions.at(-1)!.protocol).toMatch(/TLSv1\.[23]/);
    expect(station.csms.schemaViolations).toEqual([]);
  }, 120_000);

  test("an installDateTime ahead: InstallScheduled until then, which ExtendedTriggerMessage and TriggerMessage report; a legacy UpdateFirmware meanwhile is NotSupported and changes nothing", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/csc22b7", servesPath(good));
    const station = await signedStation();
    const since = station.mark();
    const installAt = Date.now() + 20_000;
    expect(await station.request("SignedUpdateFirmware", {
      requestId: 1,
      firmware: {
        location: files.url("/fw/csc22b7"), retrieveDateTime: new Date().toISOString(), installDateTime: new Date(installAt).toISOString(),
        signingCertificate: signer.certPem, signature: pki.pki.signData(signer, readFileSync(good), "pkcs1"),
      },
    })).toEqual({ status: "Accepted" });
    await signedFirmwareStatus(station, "InstallScheduled", since);
    const scheduled = (await firmwareReport(station)).profiles.FirmwareManagement;
    expect(scheduled.lines).toContain(`update: signed (requestId 1): 0.1.0 (${newBuild}) downloaded and verified; installation scheduled for ${new Date(Math.floor(installAt / 1000) * 1000).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z")}`);
    expect(scheduled.data.update).toMatchObject({ stage: "downloaded", requestId: 1, isSigned: true });
    expect(scheduled.data.update).not.toHaveProperty("signature");

    const trigger = station.mark();
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "FirmwareStatusNotification" })).toEqual({ status: "Accepted" });
    await station.waitFor(signed("InstallScheduled"), trigger);
    expect(await station.request("TriggerMessage", { requestedMessage: "FirmwareStatusNotification" })).toEqual({ status: "Accepted" });
    await station.waitFor(call("FirmwareStatusNotification", { status: "Downloaded" }), trigger);
    const legacy = await station.csms.call("UpdateFirmware", { location: files.url("/fw/csc22b7"), retrieveDate: new Date().toISOString() });
    expect(legacy.slice(0, 3)).toEqual([4, expect.any(String), "NotSupported"]);

    const installing = await signedFirmwareStatus(station, "Installing", since, 40_000);
    expect(installing.at).toBeGreaterThanOrEqual(installAt - 1_000);
    await signedFirmwareStatus(station, "Installed", since, 60_000);
    expect(signedFirmwareStatuses(station, since).filter((p) => p.requestId === 1).map((p) => p.status)).toEqual([
      "Downloading", "Downloaded", "SignatureVerified", "InstallScheduled", "InstallScheduled", "Installing", "InstallRebooting", "Installed",
    ]);
    await untilRunning(station, newBuild);
    expect(readFileSync(binaryPath).equals(readFileSync(station.executable))).toBe(false);
    expect(station.csms.schemaViolations).toEqual([]);
  }, 120_000);
});
