import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { answerSignedUpdate, triggeredSignedFirmwareStatus, verifyDownloadedImage } from "../../../src/profiles/security/signed-update.ts";
import { x509 } from "../../../src/profiles/security/pki/x509.ts";
import { type Issued, TestPki } from "../../support/test-pki.ts";

let pki: TestPki;
let manufacturer: Issued;
let signer: Issued;
const image = new Uint8Array(200_000).map((_, i) => (i * 7) % 256);
const roots = () => [new (x509().X509Certificate)(manufacturer.certPem)];

beforeAll(() => {
  pki = new TestPki();
  manufacturer = pki.root("CASTPRO Manufacturer Root", { key: "ec-p384", days: 365 });
  signer = pki.issue(manufacturer, "firmware-signer", "/CN=CASTPRO Firmware Signing/O=CASTPRO", { key: "rsa-2048" });
});
afterAll(() => pki.dispose());

const request = (more: { signature?: string; signingCertificate?: string; installDateTime?: string } = {}) => ({
  requestId: 1,
  firmware: {
    location: "https://cs.example/fw/csc22b7.gz",
    retrieveDateTime: "2026-12-07T00:00:00Z",
    signingCertificate: more.signingCertificate ?? signer.certPem,
    signature: more.signature ?? pki.signData(signer, image, "pss"),
    ...(more.installDateTime ? { installDateTime: more.installDateTime } : {}),
  },
});

describe("SignedUpdateFirmware before the download (L01.FR.23, .26–27)", () => {
  test("a signing certificate from the installed manufacturer root is Accepted; an update under way is cancelled (AcceptedCanceled) or, installing, Rejected", async () => {
    const now = new Date();
    expect(await answerSignedUpdate(request(), { manufacturerRoots: roots(), now, running: "none" })).toMatchObject({ status: "Accepted" });
    expect(await answerSignedUpdate(request(), { manufacturerRoots: roots(), now, running: "cancellable" })).toMatchObject({ status: "AcceptedCanceled" });
    expect(await answerSignedUpdate(request(), { manufacturerRoots: roots(), now, running: "notCancellable" })).toMatchObject({ status: "Rejected" });
  });

  test("a signing certificate from another root, an expired one, garbage, or no manufacturer root: InvalidCertificate with InvalidFirmwareSigningCertificate, whatever runs", async () => {
    const now = new Date();
    const foreign = pki.issue(pki.root("Other Root"), "foreign-signer", "/CN=Foreign");
    const expired = pki.issue(manufacturer, "expired-signer", "/CN=Old Signer", { days: -1, startDaysAgo: 30 });
    for (const [pem, roots_, reason] of [
      [foreign.certPem, roots(), /no installed root/],
      [expired.certPem, roots(), /expired/],
      ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", roots(), /not an X\.509/],
      [signer.certPem, [], /no ManufacturerRootCertificate/],
    ] as const) {
      const answer = await answerSignedUpdate(request({ signingCertificate: pem }), { manufacturerRoots: roots_, now, running: "cancellable" });
      expect(answer).toEqual({ status: "InvalidCertificate", event: { type: "InvalidFirmwareSigningCertificate", techInfo: expect.stringMatching(reason) } });
    }
  });
});

describe("the downloaded image (L01.FR.04, .12)", () => {
  test("a signature over the whole image: SignatureVerified, then installed now, or InstallScheduled for an installDateTime ahead", async () => {
    const now = new Date("2026-12-07T10:00:00Z");
    const certificate = new (x509().X509Certificate)(signer.certPem);
    expect(await verifyDownloadedImage(request(), certificate, image, now)).toEqual({ status: "SignatureVerified", then: { status: "Install" } });
    expect(await verifyDownloadedImage(request({ installDateTime: "2026-12-07T09:00:00Z" }), certificate, image, now)).toEqual({ status: "SignatureVerified", then: { status: "Install" } });
    expect(await verifyDownloadedImage(request({ installDateTime: "2026-12-08T02:00:00Z" }), certificate, image, now)).toEqual({
      status: "SignatureVerified",
      then: { status: "InstallScheduled", at: new Date("2026-12-08T02:00:00Z") },
    });
  });

  test("a signature over other bytes, or over the image less its last byte: InvalidSignature with InvalidFirmwareSignature", async () => {
    const certificate = new (x509().X509Certificate)(signer.certPem);
    const otherBytes = pki.signData(signer, new Uint8Array([1, 2, 3]), "pkcs1");
    expect(await verifyDownloadedImage(request({ signature: otherBytes }), certificate, image, new Date())).toEqual({
      status: "InvalidSignature",
      event: { type: "InvalidFirmwareSignature", techInfo: expect.stringContaining("does not match") },
    });
    const truncated = pki.signData(signer, image.subarray(0, image.length - 1), "pkcs1");
    expect(await verifyDownloadedImage(request({ signature: truncated }), certificate, image, new Date())).toMatchObject({ status: "InvalidSignature" });
  });
});

describe("the status a trigger reports (L01.FR.28–29)", () => {
  test("Idle when none was sent or the last was Installed; else the last with its requestId", () => {
    expect(triggeredSignedFirmwareStatus(undefined)).toEqual({ status: "Idle" });
    expect(triggeredSignedFirmwareStatus({ status: "Installed", requestId: 3 })).toEqual({ status: "Idle" });
    expect(triggeredSignedFirmwareStatus({ status: "InstallScheduled", requestId: 3 })).toEqual({ status: "InstallScheduled", requestId: 3 });
  });
});
