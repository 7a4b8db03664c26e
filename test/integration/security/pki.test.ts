import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { createHash, X509Certificate as NodeCertificate } from "node:crypto";
import { verifyChain } from "../../../src/profiles/security/pki/certificate-chain.ts";
import { certificateHashData, matchesHashData } from "../../../src/profiles/security/pki/certificate-hash-data.ts";
import { parsePemCertificates } from "../../../src/profiles/security/pki/certificate-pem.ts";
import { daysLeft, isCa, validityReason, weakKeyReason } from "../../../src/profiles/security/pki/certificate-rules.ts";
import { makeKeyAndCsr } from "../../../src/profiles/security/pki/charge-point-csr.ts";
import { checkSigningCertificate, verifyFirmwareSignature } from "../../../src/profiles/security/pki/firmware-signature.ts";
import { x509 } from "../../../src/profiles/security/pki/x509.ts";
import { type Issued, TestPki } from "../../support/test-pki.ts";

let pki: TestPki;
let cpoRoot: Issued;
let cpoSub: Issued;
let otherRoot: Issued;
const now = () => new Date();
const one = (pem: string) => new (x509().X509Certificate)(pem);

beforeAll(() => {
  pki = new TestPki();
  cpoRoot = pki.root("CPO Root", { key: "rsa-2048" });
  cpoSub = pki.issue(cpoRoot, "CPO Sub", "/CN=CPO Sub/O=CPO", { isCa: true });
  otherRoot = pki.root("Other Root");
});
afterAll(() => pki.dispose());

describe("PEM certificates", () => {
  test("a chain is read in order; garbage, keys, stray text and too many certificates are refused with a reason", () => {
    const chain = parsePemCertificates(`${cpoSub.certPem}${cpoRoot.certPem}`, 10);
    expect(chain.ok && chain.certificates.map((c) => c.subject)).toEqual(["CN=CPO Sub, O=CPO", "CN=CPO Root, O=Test"]);
    expect(parsePemCertificates("-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n", 1)).toMatchObject({ ok: false, reason: expect.stringContaining("not an X.509") });
    expect(parsePemCertificates("hello", 1)).toEqual({ ok: false, reason: "no PEM certificate" });
    expect(parsePemCertificates(cpoRoot.keyPem, 1)).toMatchObject({ ok: false, reason: expect.stringContaining("PRIVATE KEY") });
    expect(parsePemCertificates(`junk ${cpoRoot.certPem}`, 1)).toEqual({ ok: false, reason: "text outside the PEM blocks" });
    expect(parsePemCertificates(cpoRoot.certPem.repeat(11), 10)).toEqual({ ok: false, reason: "11 certificates, at most 10 allowed" });
  });
});

describe("certificate rules", () => {
  test("keys below 112-bit security are weak: RSA 1024 is, RSA 2048 and EC P-256/P-384 are not", () => {
    const weak = pki.root("Weak Root", { key: "rsa-1024" });
    expect(weakKeyReason(one(weak.certPem))).toBe("a 1024-bit RSA key (at least 2048 bits required)");
    expect(weakKeyReason(one(cpoRoot.certPem))).toBeUndefined();
    expect(weakKeyReason(one(pki.root("P384 Root", { key: "ec-p384" }).certPem))).toBeUndefined();
  });

  test("validity: an expired certificate and one not valid yet each say why; days left count whole days", () => {
    const expired = one(pki.root("Expired Root", { days: -1, startDaysAgo: 10 }).certPem);
    expect(validityReason(expired, now())).toMatch(/^expired on /);
    expect(validityReason(one(cpoRoot.certPem), now())).toBeUndefined();
    expect(validityReason(one(cpoRoot.certPem), new Date(Date.now() - 86_400_000))).toMatch(/^not valid before /);
    expect(daysLeft(one(cpoRoot.certPem), now())).toBe(29);
    expect(isCa(one(cpoRoot.certPem))).toBe(true);
    expect(isCa(one(pki.issue(cpoSub, "leaf-ca-check", "/CN=X").certPem))).toBe(false);
  });
});

describe("chain verification", () => {
  test("leaf → sub-CA → installed root verifies and names the root", async () => {
    const leaf = pki.issue(cpoSub, "leaf", "/CN=CSC22B7-0001/O=VENDOR");
    const result = await verifyChain([one(leaf.certPem), one(cpoSub.certPem)], [one(otherRoot.certPem), one(cpoRoot.certPem)], now());
    expect(result.ok && result.root.subject).toBe("CN=CPO Root, O=Test");
  });

  test("a missing sub-CA, another root, an expired link and a non-CA signer are refused", async () => {
    const leaf = one(pki.issue(cpoSub, "leaf2", "/CN=CSC22B7-0001").certPem);
    expect(await verifyChain([leaf], [one(cpoRoot.certPem)], now())).toMatchObject({ ok: false, reason: expect.stringContaining("no installed root") });
    expect(await verifyChain([leaf, one(cpoSub.certPem)], [one(otherRoot.certPem)], now())).toMatchObject({ ok: false });
    const expiredLeaf = one(pki.issue(cpoRoot, "expired-leaf", "/CN=old", { days: -1, startDaysAgo: 5 }).certPem);
    expect(await verifyChain([expiredLeaf], [one(cpoRoot.certPem)], now())).toMatchObject({ ok: false, reason: expect.stringContaining("expired") });
    const notCa = pki.issue(cpoRoot, "not-a-ca", "/CN=not a CA");
    const underNotCa = one(pki.issue(notCa, "under-not-ca", "/CN=under").certPem);
    expect(await verifyChain([underNotCa, one(notCa.certPem)], [one(cpoRoot.certPem)], now())).toMatchObject({ ok: false, reason: expect.stringContaining("not a CA") });
  });

  test("a certificate whose issuer name matches but whose signature does not is refused", async () => {
    const impostor = pki.root("CPO Root");
    const leaf = one(pki.issue(impostor, "impostor-leaf", "/CN=x").certPem);
    expect(await verifyChain([leaf], [one(cpoRoot.certPem)], now())).toMatchObject({ ok: false });
  });
});

describe("certificate hash data (M03 [impl], OCSP CertID)", () => {
  test("issuer name and key hashes equal openssl's view of the DER issuer name and key; serial in hex without leading zeros", () => {
    const root = one(cpoRoot.certPem);
    const data = certificateHashData(root, root);
    const node = new NodeCertificate(cpoRoot.certPem);
    expect(data.serialNumber).toBe(node.serialNumber.toLowerCase().replace(/^0+/, ""));
    // The SPKI of an RSA key ends with the BIT STRING's bytes: the DER RSAPublicKey (openssl's -RSAPublicKey_out).
    const rsaPublicKey = Bun.spawnSync(["openssl", "rsa", "-pubin", "-RSAPublicKey_out", "-outform", "DER"], { stdin: new TextEncoder().encode(node.publicKey.export({ type: "spki", format: "pem" }) as string) }).stdout;
    expect(data.issuerKeyHash).toBe(createHash("sha256").update(rsaPublicKey).digest("hex"));
    expect(data.issuerNameHash).toHaveLength(64);
    expect(certificateHashData(root, root, "SHA512").issuerNameHash).toHaveLength(128);
  });

  test("matching accepts any case, leading zeros and each algorithm; another certificate does not match", () => {
    const root = one(cpoRoot.certPem);
    const wanted = certificateHashData(root, root, "SHA384");
    expect(matchesHashData(root, root, { ...wanted, issuerKeyHash: wanted.issuerKeyHash.toUpperCase(), serialNumber: `00${wanted.serialNumber}` })).toBe(true);
    const other = one(otherRoot.certPem);
    expect(matchesHashData(other, other, wanted)).toBe(false);
  });
});

describe("the station's key pair and CSR", () => {
  test("a P-256 key made on the station, a self-signed PKCS#10 request with CN and O, and a CA can sign it", async () => {
    const made = await makeKeyAndCsr({ commonName: "CSC22B7-0001", organization: "VENDOR" });
    expect(made.privateKeyPem).toStartWith("-----BEGIN PRIVATE KEY-----\n");
    const csr = new (x509().Pkcs10CertificateRequest)(made.csrPem);
    expect(await csr.verify()).toBe(true);
    expect(csr.subject).toBe("CN=CSC22B7-0001, O=VENDOR");
    const signed = one(pki.signCsr(cpoSub, made.csrPem));
    expect(Buffer.from(signed.publicKey.rawData).toString("base64")).toBe(made.publicKeyPem.replace(/-----[A-Z ]+-----|\n/g, ""));
  });
});

describe("firmware signatures (LAB-INTERFACE.md)", () => {
  const image = new Uint8Array(300_000).map((_, i) => (i * 31) % 251);
  let manufacturer: Issued;
  beforeAll(() => {
    manufacturer = pki.root("Manufacturer Root", { key: "rsa-2048" });
  });

  test.each([
    ["rsa-2048", "pkcs1"],
    ["rsa-2048", "pss"],
    ["ec-p256", "ecdsa"],
    ["ec-p384", "ecdsa"],
  ] as const)("a %s signing certificate with a %s signature over the whole image verifies, also read in chunks", async (key, scheme) => {
    const signer = pki.issue(manufacturer, `signer-${key}-${scheme}`, "/CN=Firmware Signer/O=CASTPRO", { key });
    const checked = await checkSigningCertificate(signer.certPem, [one(manufacturer.certPem)], now());
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    const signature = pki.signData(signer, image, scheme);
    expect(await verifyFirmwareSignature(checked.certificate, signature, image)).toMatchObject({ ok: true });
    const chunks = [image.subarray(0, 1000), image.subarray(1000, 200_000), image.subarray(200_000)];
    expect(await verifyFirmwareSignature(checked.certificate, signature, chunks)).toMatchObject({ ok: true });
  });

  test("a signature over other bytes, one cut short and one that is no base64 are refused", async () => {
    const signer = pki.issue(manufacturer, "signer-bad", "/CN=Firmware Signer", { key: "ec-p256" });
    const certificate = one(signer.certPem);
    const signature = pki.signData(signer, new Uint8Array([1, 2, 3]), "ecdsa");
    expect(await verifyFirmwareSignature(certificate, signature, image)).toMatchObject({ ok: false, reason: expect.stringContaining("does not match") });
    const good = pki.signData(signer, image, "ecdsa");
    expect(await verifyFirmwareSignature(certificate, good.slice(0, 20), image)).toMatchObject({ ok: false });
    expect(await verifyFirmwareSignature(certificate, "%%%not base64%%%", image)).toEqual({ ok: false, reason: "the signature is not base64" });
  });

  test("a signing certificate from another root, a weak one, garbage and no installed root are InvalidCertificate reasons", async () => {
    const foreign = pki.issue(otherRoot, "foreign-signer", "/CN=Foreign Signer");
    expect(await checkSigningCertificate(foreign.certPem, [one(manufacturer.certPem)], now())).toMatchObject({ ok: false, reason: expect.stringContaining("no installed root") });
    const weak = pki.issue(manufacturer, "weak-signer", "/CN=Weak", { key: "rsa-1024" });
    expect(await checkSigningCertificate(weak.certPem, [one(manufacturer.certPem)], now())).toMatchObject({ ok: false, reason: expect.stringContaining("1024-bit") });
    expect(await checkSigningCertificate("garbage", [one(manufacturer.certPem)], now())).toEqual({ ok: false, reason: "no PEM certificate" });
    expect(await checkSigningCertificate(foreign.certPem, [], now())).toEqual({ ok: false, reason: "no ManufacturerRootCertificate is installed" });
  });
});
