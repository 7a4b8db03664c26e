import { x509, type Certificate } from "./x509.ts";

export type ParsedCertificates = { ok: true; certificates: Certificate[] } | { ok: false; reason: string };

const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * The X.509 certificates of a PEM text, in order. Anything else in it (a key, junk between blocks, a
 * block that is no certificate), more than `maxCount` certificates or none at all is a reason to refuse.
 */
export function parsePemCertificates(text: string, maxCount: number): ParsedCertificates {
  const blocks = [...text.matchAll(pemBlock)];
  if (blocks.length === 0) return { ok: false, reason: "no PEM certificate" };
  if (blocks.length > maxCount) return { ok: false, reason: `${blocks.length} certificates, at most ${maxCount} allowed` };
  const rest = text.replace(pemBlock, "").trim();
  if (rest !== "") return { ok: false, reason: "text outside the PEM blocks" };
  const certificates: Certificate[] = [];
  for (const [block, label] of blocks) {
    if (label !== "CERTIFICATE") return { ok: false, reason: `a PEM block of ${label}, not a CERTIFICATE` };
    try {
      certificates.push(new (x509().X509Certificate)(block));
    } catch (error) {
      return { ok: false, reason: `not an X.509 certificate (${error instanceof Error ? error.message : String(error)})` };
    }
  }
  return { ok: true, certificates };
}

/** One certificate as PEM, the form the store keeps and the TLS stack reads. */
export function toPem(certificate: Certificate): string {
  return `${certificate.toString("pem")}\n`;
}
