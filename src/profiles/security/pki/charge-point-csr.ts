import { x509 } from "./x509.ts";

/** A key pair made on the station and the PKCS#10 request for it (A02, A03); the private key never leaves the station. */
export type KeyAndCsr = { csrPem: string; privateKeyPem: string; publicKeyPem: string };

/** ECDSA P-256 with SHA-256: 128-bit security (§17.4 asks for 112), and quick to make on a small board. */
const algorithm = { name: "ECDSA", namedCurve: "P-256", hash: "SHA-256" } as const;

/** §17.4 A02: subject CN = the station's serial number, O = CpoName; RFC 2986 request, PEM. */
export async function makeKeyAndCsr(subject: { commonName: string; organization: string }): Promise<KeyAndCsr> {
  const keys = await crypto.subtle.generateKey(algorithm, true, ["sign", "verify"]);
  const name = new (x509().Name)([{ CN: [subject.commonName] }, { O: [subject.organization] }]);
  const csr = await x509().Pkcs10CertificateRequestGenerator.create({
    name,
    keys,
    signingAlgorithm: algorithm,
    extensions: [new (x509().KeyUsagesExtension)(x509().KeyUsageFlags.digitalSignature | x509().KeyUsageFlags.keyAgreement, true)],
  });
  const pkcs8 = Buffer.from(await crypto.subtle.exportKey("pkcs8", keys.privateKey)).toString("base64");
  const spki = Buffer.from(await crypto.subtle.exportKey("spki", keys.publicKey)).toString("base64");
  return { csrPem: `${csr.toString("pem")}\n`, privateKeyPem: pem("PRIVATE KEY", pkcs8), publicKeyPem: pem("PUBLIC KEY", spki) };
}

function pem(label: string, base64: string): string {
  return `-----BEGIN ${label}-----\n${base64.replace(/.{1,64}/g, "$&\n")}-----END ${label}-----\n`;
}
