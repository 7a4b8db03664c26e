import { nodeCrypto } from "../../../built-ins.ts";
import type { CertificateHashData } from "../../../messages/common.ts";
import { asn1, type Certificate } from "./x509.ts";

export type HashAlgorithm = CertificateHashData["hashAlgorithm"];
const nodeName: Record<HashAlgorithm, string> = { SHA256: "sha256", SHA384: "sha384", SHA512: "sha512" };

/**
 * §17.4 M03 [impl]: as OCSP's CertID and OCPP 2.0.1 — the hash of the DER issuer name, the hash of
 * the issuer's public key (the subjectPublicKey BIT STRING's bytes), and the serial number in hex
 * without leading zeros. `issuer` is the certificate itself for a root.
 */
export function certificateHashData(certificate: Certificate, issuer: Certificate, hashAlgorithm: HashAlgorithm = "SHA256"): CertificateHashData {
  const hash = (bytes: ArrayBuffer) => nodeCrypto().createHash(nodeName[hashAlgorithm]).update(new Uint8Array(bytes)).digest("hex");
  const { schema, x509 } = asn1();
  const issuerKey = schema.AsnConvert.parse(issuer.publicKey.rawData, x509.SubjectPublicKeyInfo).subjectPublicKey;
  return {
    hashAlgorithm,
    issuerNameHash: hash(certificate.issuerName.toArrayBuffer()),
    issuerKeyHash: hash(issuerKey),
    serialNumber: serialHex(certificate),
  };
}

/** Whether `wanted` names this certificate, in whichever algorithm the Central System used (M04.FR.07). */
export function matchesHashData(certificate: Certificate, issuer: Certificate, wanted: CertificateHashData): boolean {
  const own = certificateHashData(certificate, issuer, wanted.hashAlgorithm);
  return (
    own.issuerNameHash === wanted.issuerNameHash.toLowerCase() &&
    own.issuerKeyHash === wanted.issuerKeyHash.toLowerCase() &&
    own.serialNumber === wanted.serialNumber.toLowerCase().replace(/^0+(?=.)/, "")
  );
}

function serialHex(certificate: Certificate): string {
  return certificate.serialNumber.toLowerCase().replace(/^0+(?=.)/, "");
}
