import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { answerSignedUpdate, verifyImageFile } from "../../../src/profiles/security/signed-update.ts";
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
  const order = (signature: string, signingCertificatePem = signer.certPem) => ({
    requestId: 1, location: "https://cs.example/fw", retrieveDate: new Date(), installDate: undefined, retries: undefined, retryIntervalSec: undefined,
    signingCertificatePem, signatureBase64: signature,
  });
  const imageFile = () => {
    const path = join(pki.dir, "image.bin");
    writeFileSync(path, image);
    return path;
  };

  test("a signature over the whole file (PSS, PKCS#1 v1.5, ECDSA P-384): verified", async () => {
    const ecSigner = pki.issue(manufacturer, "ec-signer", "/CN=EC Signer/O=CASTPRO", { key: "ec-p384" });
    expect(await verifyImageFile(order(pki.signData(signer, image, "pss")), imageFile())).toEqual({ ok: true, scheme: "RSA-PSS" });
    expect(await verifyImageFile(order(pki.signData(signer, image, "pkcs1")), imageFile())).toEqual({ ok: true, scheme: "RSA PKCS#1 v1.5" });
    expect(await verifyImageFile(order(pki.signData(ecSigner, image, "ecdsa"), ecSigner.certPem), imageFile())).toMatchObject({ ok: true });
  });

  test("a signature over other bytes, or over the image less its last byte, or garbage: InvalidFirmwareSignature", async () => {
    const otherBytes = pki.signData(signer, new Uint8Array([1, 2, 3]), "pkcs1");
    expect(await verifyImageFile(order(otherBytes), imageFile())).toEqual({
      ok: false,
      event: { type: "InvalidFirmwareSignature", techInfo: expect.stringContaining("does not match") },
    });
    const truncated = pki.signData(signer, image.subarray(0, image.length - 1), "pkcs1");
    expect(await verifyImageFile(order(truncated), imageFile())).toMatchObject({ ok: false, event: { type: "InvalidFirmwareSignature" } });
    expect(await verifyImageFile(order("not base64!"), imageFile())).toMatchObject({ ok: false, event: { techInfo: "the signature is not base64" } });
  });

  test("an image refused before it is read is never opened: no descriptor left on it, nothing to fail once it is deleted", async () => {
    const path = imageFile();
    expect(await verifyImageFile(order("not base64!"), path)).toMatchObject({ ok: false });
    expect(await verifyImageFile(order(pki.signData(signer, image, "pss"), "garbage"), path)).toMatchObject({ ok: false });
    rmSync(path);
    await Bun.sleep(100); // a read stream opens its file on the thread pool: a leaked one has opened it by now
    expect(descriptorsOn(path)).toEqual([]);
  });
});

/** This process's open file descriptors on `path`, from /proc/self/fd. */
function descriptorsOn(path: string): string[] {
  return readdirSync("/proc/self/fd").filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`).startsWith(path);
    } catch {
      return false;
    }
  });
}
