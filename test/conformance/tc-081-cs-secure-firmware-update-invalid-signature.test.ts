import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { badImages, servesPath } from "../support/firmware-images.ts";
import type { Issued } from "../support/test-pki.ts";
import { call, caseTimeoutMs, ConformanceStation, conformanceHooks, expectInOrder, matching } from "./harness.ts";
import { fileServer, firmwareReport, signedFirmwareStatus, signedFirmwareStatuses, stopFileServers } from "./firmware-station.ts";
import { securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();
let signer: Issued;
beforeAll(() => {
  signer = pki.pki.issue(pki.manufacturerRoot, "firmware-signer", "/CN=CSC22B7 Firmware Signing/O=VENDOR", { key: "ec-p256" });
});
afterEach(() => stopFileServers());

async function stationWithManufacturerRoot(root: Issued = pki.manufacturerRoot): Promise<ConformanceStation> {
  const station = await ConformanceStation.start();
  expect(await station.request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: root.certPem })).toEqual({ status: "Accepted" });
  return station;
}

const request = (location: string, signingCertificate: string, signature: string) => ({
  requestId: 1,
  firmware: { location, retrieveDateTime: new Date().toISOString(), signingCertificate, signature },
});

function eventsSince(station: ConformanceStation, since: number): string[] {
  return matching(station.callsSince(since), call("SecurityEventNotification")).map((c) => c.payload.type);
}

describe("TC_081_CS Secure Firmware Update - Invalid Signature", () => {
  test("Accepted; Downloading, Downloaded, then InvalidSignature with InvalidFirmwareSignature: a signature over other bytes installs nothing, and the station stays connected", async () => {
    const image = readFileSync(badImages.shellScript());
    const files = fileServer();
    files.routes.set("/fw/csc22b7", () => new Response(image));
    const station = await stationWithManufacturerRoot();
    const connections = station.csms.connections.length;
    const since = station.mark();
    // Step 1: a valid signing certificate, a signature over other bytes.
    const overOtherBytes = pki.pki.signData(signer, new TextEncoder().encode("other bytes"), "ecdsa");
    expect(await station.request("SignedUpdateFirmware", request(files.url("/fw/csc22b7"), signer.certPem, overOtherBytes))).toEqual({ status: "Accepted" });
    // Step 2.
    await signedFirmwareStatus(station, "InvalidSignature", since);
    expectInOrder(station.callsSince(since), [
      call("SignedFirmwareStatusNotification", { status: "Downloading", requestId: 1 }),
      call("SignedFirmwareStatusNotification", { status: "Downloaded", requestId: 1 }),
      call("SignedFirmwareStatusNotification", { status: "InvalidSignature", requestId: 1 }),
    ]);
    await station.csms.until(() => eventsSince(station, since).includes("InvalidFirmwareSignature"), 10_000, "InvalidFirmwareSignature");
    const part = (await firmwareReport(station)).profiles.FirmwareManagement.data;
    expect(part.update).toMatchObject({ stage: "finished", outcome: "InvalidSignature" });
    expect(part.trial).toBeNull();
    expect(signedFirmwareStatuses(station, since).map((p) => p.status)).toEqual(["Downloading", "Downloaded", "InvalidSignature"]);
    expect(station.csms.connections.length).toBe(connections);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});

describe("TC_081_CS bad input: the signing certificate (L01.FR.23)", () => {
  test("from another root, garbage PEM, or with the manufacturer root expired: InvalidCertificate and InvalidFirmwareSigningCertificate before anything is downloaded; the station stays connected", async () => {
    const files = fileServer();
    files.routes.set("/fw/csc22b7", () => new Response("never fetched"));
    const shortRoot = pki.pki.root("Short-lived Manufacturer Root", { key: "ec-p256", days: 2 });
    const shortSigner = pki.pki.issue(shortRoot, "short-signer", "/CN=Short Signer/O=VENDOR", { days: 1 });
    const foreignSigner = pki.pki.issue(pki.pki.root("Another Root", { key: "ec-p256" }), "foreign-signer", "/CN=Foreign Signer/O=ELSE");
    const station = await stationWithManufacturerRoot();
    expect(await station.request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: shortRoot.certPem })).toEqual({ status: "Accepted" });
    const connections = station.csms.connections.length;
    const location = files.url("/fw/csc22b7");
    const since = station.mark();

    expect(await station.request("SignedUpdateFirmware", request(location, foreignSigner.certPem, "AAAA"))).toEqual({ status: "InvalidCertificate" });
    expect(await station.request("SignedUpdateFirmware", request(location, "-----BEGIN CERTIFICATE-----\nnot a certificate\n-----END CERTIFICATE-----\n", "AAAA"))).toEqual({ status: "InvalidCertificate" });
    expect(await station.request("SignedUpdateFirmware", request(location, "garbage", "AAAA"))).toEqual({ status: "InvalidCertificate" });
    // The same signer is accepted while its root is valid; with the station's clock three days on, the root has expired.
    const valid = await station.request("SignedUpdateFirmware", { ...request(location, shortSigner.certPem, "AAAA"), firmware: { ...request(location, shortSigner.certPem, "AAAA").firmware, retrieveDateTime: "2099-01-01T00:00:00Z" } });
    expect(valid).toEqual({ status: "Accepted" });
    station.script.overrides.set("Heartbeat", () => ({ result: { currentTime: new Date(Date.now() + 3 * 86_400_000).toISOString() } }));
    expect(await station.request("TriggerMessage", { requestedMessage: "Heartbeat" })).toEqual({ status: "Accepted" });
    await station.csms.until(() => eventsSince(station, since).includes("SettingSystemTime"), 10_000, "the clock moved");
    expect(await station.request("SignedUpdateFirmware", request(location, shortSigner.certPem, "AAAA"))).toEqual({ status: "InvalidCertificate" });

    await station.csms.until(() => eventsSince(station, since).filter((type) => type === "InvalidFirmwareSigningCertificate").length === 4, 10_000, "four InvalidFirmwareSigningCertificate");
    expect(files.requests).toEqual([]);
    expect(signedFirmwareStatuses(station, since)).toEqual([]);
    expect(station.csms.connections.length).toBe(connections);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
