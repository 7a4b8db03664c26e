import { isCa, validityReason } from "./certificate-rules.ts";
import type { Certificate } from "./x509.ts";

export type ChainCheck = { ok: true; root: Certificate } | { ok: false; reason: string };

/**
 * RFC 5280 §6 as far as the station needs it: `chain` is the leaf first, then the sub-CAs in order;
 * each is within its validity at `now` and signed by the next, every signer is a CA, and the last is
 * signed by one of `roots` (itself valid at `now` and a CA). Returns the root it ends in.
 */
export async function verifyChain(chain: readonly Certificate[], roots: readonly Certificate[], now: Date): Promise<ChainCheck> {
  if (chain.length === 0) return { ok: false, reason: "no certificate" };
  for (const [index, certificate] of chain.entries()) {
    const invalid = validityReason(certificate, now);
    if (invalid) return { ok: false, reason: `${describe(certificate, index)} is ${invalid}` };
    const signer = chain[index + 1];
    if (!signer) break;
    if (!isCa(signer)) return { ok: false, reason: `${describe(signer, index + 1)} is not a CA` };
    if (!(await isSignedBy(certificate, signer))) return { ok: false, reason: `${describe(certificate, index)} is not signed by the next certificate` };
  }
  const last = chain[chain.length - 1]!;
  for (const root of roots) {
    if (root.subject !== last.issuer || !isCa(root) || validityReason(root, now)) continue;
    if (await isSignedBy(last, root)) return { ok: true, root };
  }
  return { ok: false, reason: `no installed root certificate signed ${describe(last, chain.length - 1)} (issuer ${last.issuer})` };
}

/** Whether `certificate`'s signature verifies with `signer`'s public key (validity dates aside). */
export async function isSignedBy(certificate: Certificate, signer: Certificate): Promise<boolean> {
  try {
    return await certificate.verify({ publicKey: signer.publicKey, signatureOnly: true });
  } catch {
    return false; // an algorithm WebCrypto cannot verify is no valid signature
  }
}

function describe(certificate: Certificate, index: number): string {
  return `certificate ${index + 1} (${certificate.subject})`;
}
