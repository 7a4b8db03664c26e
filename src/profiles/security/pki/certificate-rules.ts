import { nodeCrypto } from "../../../built-ins.ts";
import { x509, type Certificate, type Name } from "./x509.ts";

/** §17.4 (A00.FR.501–512): at least 112-bit security, RSA/DSA ≥ 2048 bits, EC ≥ 224 bits. */
const minRsaBits = 2048;
const strongCurves = new Set(["prime256v1", "secp256r1", "P-256", "secp384r1", "P-384", "secp521r1", "P-521", "secp224r1", "P-224"]);

/** Why a certificate's key is too weak, or undefined. */
export function weakKeyReason(certificate: Certificate): string | undefined {
  let key;
  try {
    key = nodeCrypto().createPublicKey(certificate.publicKey.toString("pem"));
  } catch {
    return "an unreadable public key";
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === "rsa" || key.asymmetricKeyType === "rsa-pss" || key.asymmetricKeyType === "dsa") {
    const bits = details.modulusLength ?? 0;
    return bits >= minRsaBits ? undefined : `a ${bits}-bit ${key.asymmetricKeyType.toUpperCase()} key (at least ${minRsaBits} bits required)`;
  }
  if (key.asymmetricKeyType === "ec") return strongCurves.has(details.namedCurve ?? "") ? undefined : `an EC key on ${details.namedCurve ?? "an unknown curve"}`;
  return `a ${key.asymmetricKeyType ?? "unknown"} key`;
}

/** Why a certificate is outside its validity at `now`, or undefined. */
export function validityReason(certificate: Certificate, now: Date): string | undefined {
  if (now.getTime() > certificate.notAfter.getTime()) return `expired on ${certificate.notAfter.toISOString()}`;
  if (now.getTime() < certificate.notBefore.getTime()) return `not valid before ${certificate.notBefore.toISOString()}`;
  return undefined;
}

/** Whether the certificate may sign other certificates (basicConstraints cA). */
export function isCa(certificate: Certificate): boolean {
  return certificate.getExtension(x509().BasicConstraintsExtension)?.ca === true;
}

/** The subject's attribute (CN, O) of a certificate or request, or undefined. */
export function subjectAttribute(name: Name, attribute: "CN" | "O"): string | undefined {
  return name.getField(attribute)[0];
}

/** Whole days from `now` until the certificate expires (negative once it has). */
export function daysLeft(certificate: Certificate, now: Date): number {
  return Math.floor((certificate.notAfter.getTime() - now.getTime()) / 86_400_000);
}

/** §17.4: every certificate has a serial number; a properly encoded one is never empty. */
export function hasSerialNumber(certificate: Certificate): boolean {
  return /[1-9a-f]/i.test(certificate.serialNumber);
}
