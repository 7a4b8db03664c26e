import type { KeyObject } from "node:crypto";
import { nodeCrypto } from "../../../built-ins.ts";
import { verifyChain } from "./certificate-chain.ts";
import { parsePemCertificates } from "./certificate-pem.ts";
import { weakKeyReason } from "./certificate-rules.ts";
import type { Certificate } from "./x509.ts";

export type SigningCertificateCheck = { ok: true; certificate: Certificate } | { ok: false; reason: string };
export type SignatureCheck = { ok: true; scheme: string } | { ok: false; reason: string };

/** The image's bytes, whole or as the chunks a download or a file read yields. */
export type ImageBytes = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>;

const firmwareCurves = new Set(["prime256v1", "secp384r1"]);

/**
 * §17.7 L01.FR.23, before SignedUpdateFirmware is answered: the signing certificate (one, no
 * intermediates: L01.FR.11) is a strong-keyed certificate valid now and signed by an installed
 * ManufacturerRootCertificate. A "no" is InvalidCertificate with InvalidFirmwareSigningCertificate.
 */
export async function checkSigningCertificate(signingCertificatePem: string, manufacturerRoots: readonly Certificate[], now: Date): Promise<SigningCertificateCheck> {
  const parsed = parsePemCertificates(signingCertificatePem, 1);
  if (!parsed.ok) return parsed;
  const certificate = parsed.certificates[0]!;
  const weak = weakKeyReason(certificate);
  if (weak) return { ok: false, reason: `the signing certificate has ${weak}` };
  if (manufacturerRoots.length === 0) return { ok: false, reason: "no ManufacturerRootCertificate is installed" };
  const chain = await verifyChain([certificate], manufacturerRoots, now);
  return chain.ok ? { ok: true, certificate } : { ok: false, reason: chain.reason };
}

/**
 * LAB-INTERFACE.md: `signatureBase64` is a signature with SHA-256 over the whole image, by the signing
 * certificate's key: RSA PKCS#1 v1.5 or PSS (any salt length), or ECDSA P-256/P-384 (DER or r‖s).
 * The image is read once, in chunks; nothing of it is kept.
 */
export async function verifyFirmwareSignature(certificate: Certificate, signatureBase64: string, image: ImageBytes): Promise<SignatureCheck> {
  const signature = Buffer.from(signatureBase64.trim(), "base64");
  if (signature.length === 0 || signature.toString("base64").replace(/=+$/, "") !== signatureBase64.trim().replace(/=+$/, "")) {
    return { ok: false, reason: "the signature is not base64" };
  }
  const { createPublicKey, createVerify } = nodeCrypto();
  const key = createPublicKey(certificate.publicKey.toString("pem"));
  const schemes = schemesFor(key);
  if (schemes.length === 0) return { ok: false, reason: `a ${key.asymmetricKeyType} key on ${key.asymmetricKeyDetails?.namedCurve ?? "?"} cannot sign firmware` };
  const verifiers = schemes.map((scheme) => ({ scheme, verifier: createVerify("sha256") }));
  for await (const chunk of chunksOf(image)) for (const { verifier } of verifiers) verifier.update(chunk);
  for (const { scheme, verifier } of verifiers) {
    if (verifier.verify({ key, ...scheme.options }, signature)) return { ok: true, scheme: scheme.name };
  }
  return { ok: false, reason: `the signature does not match the image (${schemes.map((s) => s.name).join(", ")} tried)` };
}

type Scheme = { name: string; options: Record<string, unknown> };

function schemesFor(key: KeyObject): Scheme[] {
  if (key.asymmetricKeyType === "rsa") {
    const { constants } = nodeCrypto();
    return [
      { name: "RSA PKCS#1 v1.5", options: { padding: constants.RSA_PKCS1_PADDING } },
      { name: "RSA-PSS", options: { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_AUTO } },
    ];
  }
  if (key.asymmetricKeyType === "ec" && firmwareCurves.has(key.asymmetricKeyDetails?.namedCurve ?? "")) {
    return [
      { name: "ECDSA (DER)", options: { dsaEncoding: "der" } },
      { name: "ECDSA (r‖s)", options: { dsaEncoding: "ieee-p1363" } },
    ];
  }
  return [];
}

async function* chunksOf(image: ImageBytes): AsyncIterable<Uint8Array> {
  if (image instanceof Uint8Array) yield image;
  else yield* image;
}
