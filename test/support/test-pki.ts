/**
 * A test PKI made by openssl in a temporary folder (no committed keys): roots, sub-CAs, leaf
 * certificates with chosen keys and validity, certificates for a station's CSR, and signatures.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type KeySpec = "ec-p256" | "ec-p384" | "rsa-2048" | "rsa-1024";
export type Issued = { certPem: string; keyPem: string; name: string };
export type CertOptions = {
  key?: KeySpec;
  /** Days from now; negative for a certificate already expired. */
  days?: number;
  /** Backdates notBefore by this many days (with `days` negative: an expired certificate); negative: a certificate valid only later. */
  startDaysAgo?: number;
  isCa?: boolean;
  extensions?: string;
};

const keyArgs: Record<KeySpec, string[]> = {
  "ec-p256": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"],
  "ec-p384": ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
  "rsa-2048": ["-newkey", "rsa:2048"],
  "rsa-1024": ["-newkey", "rsa:1024"],
};

export class TestPki {
  readonly dir = mkdtempSync(join(tmpdir(), "csc22b7-pki-"));
  private serial = 0x1000;

  /** A self-signed CA certificate. */
  root(name: string, options: CertOptions = {}): Issued {
    const file = this.file(name);
    this.writeExt(name, `basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n${options.extensions ?? ""}`);
    this.openssl("req", "-new", ...keyArgs[options.key ?? "ec-p256"], "-nodes", "-keyout", `${file}.key`, "-out", `${file}.csr`, "-subj", `/CN=${name}/O=Test`);
    this.sign(name, `${file}.csr`, undefined, options);
    return this.read(name);
  }

  /** A certificate for `subject` issued by `issuer` (a CA made here). */
  issue(issuer: Issued, name: string, subject: string, options: CertOptions = {}): Issued {
    const file = this.file(name);
    const ca = options.isCa ? "basicConstraints=critical,CA:TRUE\nkeyUsage=critical,keyCertSign,cRLSign\n" : "basicConstraints=CA:FALSE\n";
    this.writeExt(name, `${ca}${options.extensions ?? ""}`);
    this.openssl("req", "-new", ...keyArgs[options.key ?? "ec-p256"], "-nodes", "-keyout", `${file}.key`, "-out", `${file}.csr`, "-subj", subject);
    this.sign(name, `${file}.csr`, issuer, options);
    return this.read(name);
  }

  /** Signs a CSR (PEM) made elsewhere, e.g. the station's, as a client certificate. */
  signCsr(issuer: Issued, csrPem: string, options: CertOptions = {}): string {
    const name = `csr-${++this.serial}`;
    writeFileSync(`${this.file(name)}.csr`, csrPem);
    this.writeExt(name, `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyAgreement\nextendedKeyUsage=clientAuth\n${options.extensions ?? ""}`);
    this.sign(name, `${this.file(name)}.csr`, issuer, options);
    return readFileSync(`${this.file(name)}.pem`, "utf8");
  }

  /** base64 signature of `data` with SHA-256 by `signer`'s key: RSA PKCS#1 v1.5 or PSS, or ECDSA (DER). */
  signData(signer: Issued, data: Uint8Array, scheme: "pkcs1" | "pss" | "ecdsa" = "pkcs1"): string {
    const name = `data-${++this.serial}`;
    writeFileSync(`${this.file(name)}.bin`, data);
    const pss = scheme === "pss" ? ["-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"] : [];
    this.openssl("dgst", "-sha256", "-sign", `${this.file(signer.name)}.key`, ...pss, "-out", `${this.file(name)}.sig`, `${this.file(name)}.bin`);
    return readFileSync(`${this.file(name)}.sig`).toString("base64");
  }

  /**
   * The OCSP CertID openssl makes for `certificate` issued by `issuer` (for a root: itself): what the
   * OCTT compares GetInstalledCertificateIds with (issuer name and key hashes, serial number).
   */
  ocspCertId(certificate: Issued, issuer: Issued, digest: "sha256" | "sha384" | "sha512" = "sha256"): { hashAlgorithm: string; issuerNameHash: string; issuerKeyHash: string; serialNumber: string } {
    const request = `${this.file(`ocsp-${++this.serial}`)}.der`;
    this.openssl("ocsp", "-issuer", `${this.file(issuer.name)}.pem`, `-${digest}`, "-cert", `${this.file(certificate.name)}.pem`, "-reqout", request, "-no_nonce");
    // Long hashes are wrapped with a backslash at the line's end.
    const text = Bun.spawnSync(["openssl", "ocsp", "-reqin", request, "-req_text"]).stdout.toString().replace(/\\\n/g, "");
    const field = (name: string) => new RegExp(`${name}: ([0-9A-F]+)`).exec(text)?.[1] ?? "";
    return { hashAlgorithm: digest.toUpperCase(), issuerNameHash: field("Issuer Name Hash"), issuerKeyHash: field("Issuer Key Hash"), serialNumber: field("Serial Number") };
  }

  dispose(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }

  private sign(name: string, csr: string, issuer: Issued | undefined, options: CertOptions): void {
    const file = this.file(name);
    const days = options.days ?? 30;
    const start = new Date(Date.now() - (options.startDaysAgo ?? 0) * 86_400_000 - ((options.startDaysAgo ?? 0) < 0 ? 0 : 60_000));
    const end = new Date(start.getTime() + 60_000 + (options.startDaysAgo ?? 0) * 86_400_000 + days * 86_400_000);
    const time = (date: Date) => `${date.toISOString().replace(/[-:T]/g, "").slice(0, 14)}Z`;
    // `openssl ca` takes explicit start and end dates (an expired certificate); a minimal config in the folder.
    writeFileSync(`${file}.cnf`, `[ca]\ndefault_ca=ca\n[ca]\ndatabase=${file}.index\nnew_certs_dir=${this.dir}\nserial=${file}.serial\ndefault_md=sha256\npolicy=any\nunique_subject=no\ncopy_extensions=none\n[any]\ncommonName=optional\norganizationName=optional\n`);
    writeFileSync(`${file}.index`, "");
    writeFileSync(`${file}.serial`, (++this.serial).toString(16).padStart(4, "0"));
    const signer = issuer ? ["-cert", `${this.file(issuer.name)}.pem`, "-keyfile", `${this.file(issuer.name)}.key`] : ["-selfsign", "-keyfile", `${file}.key`];
    this.openssl("ca", "-batch", "-config", `${file}.cnf`, "-in", csr, "-out", `${file}.pem`, "-notext", "-startdate", time(start), "-enddate", time(end),
      "-extfile", `${file}.ext`, "-preserveDN", ...signer);
  }

  private writeExt(name: string, text: string): void {
    writeFileSync(`${this.file(name)}.ext`, text);
  }

  private read(name: string): Issued {
    return { certPem: readFileSync(`${this.file(name)}.pem`, "utf8"), keyPem: readFileSync(`${this.file(name)}.key`, "utf8"), name };
  }

  private file(name: string): string {
    return join(this.dir, name.replace(/[^A-Za-z0-9_-]/g, "_"));
  }

  private openssl(...args: string[]): void {
    const result = Bun.spawnSync(["openssl", ...args], { stderr: "pipe", stdout: "pipe" });
    if (result.exitCode !== 0) throw new Error(`openssl ${args.slice(0, 2).join(" ")} failed: ${result.stderr.toString()}`);
  }
}
