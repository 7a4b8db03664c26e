import { nodeCrypto } from "../../built-ins.ts";
import type { CertificateHashData } from "../../messages/common.ts";
import type { Clock, Log } from "../../station/ports.ts";
import type { CertificateRepo, CertificateRow, CertificateType, NewCertificate } from "./certificate-repo.ts";
import { isSignedBy } from "./pki/certificate-chain.ts";
import { certificateHashData, matchesHashData } from "./pki/certificate-hash-data.ts";
import { parsePemCertificates, toPem } from "./pki/certificate-pem.ts";
import { hasSerialNumber, isCa, validityReason, weakKeyReason } from "./pki/certificate-rules.ts";
import { type Certificate, x509 } from "./pki/x509.ts";

export type RootType = Extract<CertificateType, "CentralSystemRootCertificate" | "ManufacturerRootCertificate">;
export type InstalledCertificate = { row: CertificateRow; certificate: Certificate };
export type InstallOutcome = { status: "Accepted" | "Rejected" | "Failed"; reason?: string };

/** The schema's limit of InstallCertificate.certificate; longer text is refused as a bad certificate. */
export const maxCertificateChars = 5500;

type Options = {
  repo: CertificateRepo;
  clock: Clock;
  log: Log;
  maxInstalled(): number;
  /** AdditionalRootCertificateCheck (M05.FR.08): a new Central System root must be signed by the one installed. */
  isSingleCentralSystemRoot(): boolean;
};

/**
 * The roots the station trusts (§17.4 M03–M05): Central System roots verify the Central System's TLS
 * certificate and the station's own certificate chain; manufacturer roots verify firmware signing
 * certificates. Installed over OCPP or from station.json's caFile; kept in the database.
 */
export class RootCertificates {
  private cache: InstalledCertificate[] | undefined;

  constructor(private readonly options: Options) {}

  /** station.json's caFile: each certificate in it is installed once; one the Central System deleted stays deleted. */
  importFile(type: RootType, pem: string | undefined): void {
    if (pem === undefined) return;
    const parsed = parsePemCertificates(pem, 100);
    if (!parsed.ok) return this.options.log.warn("caFile holds no usable certificate", { reason: parsed.reason });
    for (const certificate of parsed.certificates) this.options.repo.install(this.rowOf(type, certificate, "file"), { revive: false });
    this.cache = undefined;
  }

  installed(type?: RootType): InstalledCertificate[] {
    this.cache ??= this.options.repo.installed().filter((row) => row.type !== "ChargePointCertificate").map((row) => ({ row, certificate: new (x509().X509Certificate)(row.pem) }));
    return type ? this.cache.filter((entry) => entry.row.type === type) : this.cache;
  }

  /** The roots of a type valid now, as certificates (what TLS and verification use). */
  valid(type: RootType): Certificate[] {
    const now = this.options.clock.now();
    return this.installed(type).flatMap(({ certificate }) => (validityReason(certificate, now) ? [] : [certificate]));
  }

  /** M05: Accepted once stored; Rejected for a certificate that is not a good root or a full store; Failed when the store fails. */
  async install(type: RootType, pem: string): Promise<InstallOutcome> {
    const refused = await this.refusal(type, pem);
    if (refused) return { status: "Rejected", reason: refused };
    const certificate = parsePemCertificates(pem, 1);
    if (!certificate.ok) return { status: "Rejected", reason: certificate.reason };
    try {
      const outcome = this.options.repo.install(this.rowOf(type, certificate.certificates[0]!, "ocpp"), { revive: true });
      this.cache = undefined;
      return { status: "Accepted", ...(outcome === "already" ? { reason: "already installed" } : {}) };
    } catch (error) {
      this.options.log.error("certificate not stored", { type, error });
      return { status: "Failed", reason: "the certificate could not be stored" };
    }
  }

  /** M03: the hash data of each installed certificate of the type, in the hash algorithm asked (SHA256 for the list). */
  hashData(type: RootType): CertificateHashData[] {
    return this.installed(type).map(({ certificate }) => certificateHashData(certificate, this.issuerOf(certificate)));
  }

  /** M04: the installed root the hash data names, whichever type and hash algorithm. */
  find(wanted: CertificateHashData): InstalledCertificate | undefined {
    return this.installed().find(({ certificate }) => matchesHashData(certificate, this.issuerOf(certificate), wanted));
  }

  delete(entry: InstalledCertificate): void {
    this.options.repo.delete(entry.row.id, this.options.clock.now());
    this.cache = undefined;
  }

  /** The installed certificate with this subject that signed `certificate`, else itself (a root is its own issuer). */
  private issuerOf(certificate: Certificate): Certificate {
    if (certificate.issuer === certificate.subject) return certificate;
    return this.installed().find((entry) => entry.certificate.subject === certificate.issuer)?.certificate ?? certificate;
  }

  /** Why `pem` cannot be installed as a root of `type`, or undefined. */
  private async refusal(type: RootType, pem: string): Promise<string | undefined> {
    if (pem.length > maxCertificateChars) return `${pem.length} characters, more than ${maxCertificateChars}`;
    const parsed = parsePemCertificates(pem, 1);
    if (!parsed.ok) return parsed.reason;
    const certificate = parsed.certificates[0]!;
    const problem =
      validityReason(certificate, this.options.clock.now()) ??
      weakKeyReason(certificate) ??
      (hasSerialNumber(certificate) ? undefined : "no serial number") ??
      (isCa(certificate) ? undefined : "not a CA certificate (basicConstraints cA)");
    if (problem) return problem;
    if (certificate.subject === certificate.issuer && !(await isSignedBy(certificate, certificate))) return "its self-signature does not verify";
    const already = this.installed(type).some((entry) => entry.row.fingerprint === fingerprintOf(certificate));
    if (!already && this.installed().length >= this.options.maxInstalled()) return `the store holds CertificateStoreMaxLength (${this.options.maxInstalled()}) certificates`;
    if (!already && type === "CentralSystemRootCertificate" && this.options.isSingleCentralSystemRoot()) return this.singleRootRefusal(certificate);
    return undefined;
  }

  /** M05.FR.08: with AdditionalRootCertificateCheck a new Central System root must be signed by an installed one. */
  private async singleRootRefusal(certificate: Certificate): Promise<string | undefined> {
    const current = this.valid("CentralSystemRootCertificate");
    if (current.length === 0) return undefined;
    for (const root of current) if (await isSignedBy(certificate, root)) return undefined;
    return "AdditionalRootCertificateCheck: not signed by the installed Central System root";
  }

  private rowOf(type: CertificateType, certificate: Certificate, source: "ocpp" | "file"): NewCertificate {
    return {
      type,
      pem: toPem(certificate),
      fingerprint: fingerprintOf(certificate),
      source,
      subject: certificate.subject,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      installedAt: this.options.clock.now(),
    };
  }
}

/** SHA-256 of the DER certificate, hex. */
export function fingerprintOf(certificate: Certificate): string {
  return nodeCrypto().createHash("sha256").update(new Uint8Array(certificate.rawData)).digest("hex");
}
