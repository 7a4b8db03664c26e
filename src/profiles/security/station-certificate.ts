import { nodeCrypto } from "../../built-ins.ts";
import type { Configuration } from "../../station/configuration/configuration.ts";
import type { CentralSystem, Clock, Log } from "../../station/ports.ts";
import type { CertificateRepo, CertificateRow } from "./certificate-repo.ts";
import type { CertificateHashData } from "../../messages/common.ts";
import { verifyChain } from "./pki/certificate-chain.ts";
import { matchesHashData } from "./pki/certificate-hash-data.ts";
import { parsePemCertificates, toPem } from "./pki/certificate-pem.ts";
import { hasSerialNumber, subjectAttribute, validityReason, weakKeyReason } from "./pki/certificate-rules.ts";
import { makeKeyAndCsr } from "./pki/charge-point-csr.ts";
import { type Certificate, x509 } from "./pki/x509.ts";
import { fingerprintOf } from "./root-certificates.ts";
import type { SecurityLog } from "./security-log.ts";

/** S§5: a CertificateSigned chain holds the certificate and at most nine sub-CAs (an 11-certificate chain is refused). */
const maxChainCertificates = 10;
/** A03: the station asks for a new certificate this long before its own expires. */
export const renewBeforeMs = 30 * 86_400_000;
/** A03 without an answer: the station asks again at most this often (A02 leaves a missing answer to the operator). */
const renewalRetryMs = 86_400_000;

export type StationKeyPair = { certificatePem: string; privateKeyPem: string };
export type StationCertificateInUse = StationKeyPair & { source: "ocpp"; row: CertificateRow } | StationKeyPair & { source: "file" };

type Options = {
  repo: CertificateRepo;
  configuration: Configuration;
  csms: CentralSystem;
  clock: Clock;
  log: Log;
  events: SecurityLog;
  /** The subject CN of the station's certificate: its serial number (A00.FR.507). */
  commonName: string;
  /** station.json's certFile and keyFile. */
  file: { certificatePem: string | undefined; privateKeyPem: string | undefined };
  /** The Central System roots that make the CPO's hierarchy. */
  cpoRoots(): Certificate[];
  /** A new certificate is valid now: the next connection presents it (TC_074 step 4). */
  switched(why: string): void;
};

/**
 * The station's own certificate (§17.4 A02, A03): the key pair is made on the station, the CSR goes to
 * the Central System with SignCertificate, and CertificateSigned brings the certificate, which is
 * checked before it is taken. The newest valid certificate is presented; one that fails its first
 * connection is passed over for the one before, which stays as fallback until the next replaces it.
 */
export class StationCertificate {
  private readonly failed = new Set<number>();
  private isRequesting = false;
  private cancelSwitch: (() => void) | undefined;

  constructor(private readonly options: Options) {}

  /** The certificate the next TLS connection presents (newest valid, not failed), else station.json's. */
  inUse(): StationCertificateInUse | undefined {
    const now = this.options.clock.now();
    const usable = this.installed().filter((row) => !this.failed.has(row.id) && row.notBefore <= now && row.notAfter > now && row.keyId !== null);
    const newest = usable.sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime())[0];
    const key = newest && this.options.repo.keyOf(newest.keyId!);
    if (newest && key) return { source: "ocpp", row: newest, certificatePem: newest.pem, privateKeyPem: key.privateKeyPem };
    const { certificatePem, privateKeyPem } = this.options.file;
    return certificatePem && privateKeyPem ? { source: "file", certificatePem, privateKeyPem } : undefined;
  }

  installed(): CertificateRow[] {
    return this.options.repo.installed("ChargePointCertificate");
  }

  /** M04: whether hash data names one of the station's certificates (which DeleteCertificate never deletes). */
  matches(wanted: CertificateHashData, installedIssuer: (subject: string) => Certificate | undefined): boolean {
    return this.installed().some((row) => {
      const parsed = parsePemCertificates(row.pem, maxChainCertificates);
      if (!parsed.ok) return false;
      const [leaf, next] = parsed.certificates;
      return matchesHashData(leaf!, next ?? installedIssuer(leaf!.issuer) ?? leaf!, wanted);
    });
  }

  /** The certificate in use failed its connection: the next one presents the one before (kept as fallback). */
  failedToConnect(inUse: StationCertificateInUse): boolean {
    if (inUse.source !== "ocpp") return false;
    this.failed.add(inUse.row.id);
    return true;
  }

  connected(): void {
    this.failed.clear();
  }

  /** A02/A03: a new key pair and its CSR to the Central System; false when CpoName is not set. */
  async requestSignature(why: string): Promise<boolean> {
    const organization = this.options.configuration.get("CpoName");
    if (!organization) {
      this.options.log.warn("no certificate requested: CpoName is not set", { why });
      return false;
    }
    if (this.isRequesting) return true;
    this.isRequesting = true;
    try {
      const made = await makeKeyAndCsr({ commonName: this.options.commonName, organization });
      this.options.repo.addKey({ privateKeyPem: made.privateKeyPem, publicKeyPem: made.publicKeyPem, createdAt: this.options.clock.now() });
      const outcome = await this.options.csms.call("SignCertificate", { csr: made.csrPem });
      const answer = outcome.kind === "ok" ? outcome.payload.status : outcome.kind;
      this.options.log[answer === "Accepted" ? "info" : "warn"]("certificate signing request sent", { why, answer });
    } finally {
      this.isRequesting = false;
    }
    return true;
  }

  /** A03: one month before the certificate in use expires, ask for a new one (again a day later if none came). */
  async renewIfDue(): Promise<void> {
    const now = this.options.clock.now().getTime();
    const inUse = this.inUse();
    const notAfter = inUse ? certificateOf(inUse.certificatePem)?.notAfter.getTime() : undefined;
    if (notAfter === undefined || notAfter - now > renewBeforeMs) return;
    const newer = this.installed().some((row) => row.notAfter.getTime() > notAfter);
    const lastAsked = this.options.repo.pendingKeys()[0]?.createdAt.getTime() ?? 0;
    if (newer || now - lastAsked < renewalRetryMs) return;
    await this.requestSignature(`the certificate expires on ${new Date(notAfter).toISOString()}`);
  }

  /**
   * A02.FR.05–07: the chain is checked and, Accepted, stored before the answer; `after` (once it has
   * left) raises the event and switches once the certificate is valid. Rejected: InvalidChargePointCertificate.
   */
  async certificateSigned(chainPem: string): Promise<{ status: "Accepted" | "Rejected"; after(): void }> {
    const checked = await this.check(chainPem);
    if (!checked.ok) {
      this.options.log.warn("CertificateSigned rejected", { reason: checked.reason });
      return { status: "Rejected", after: () => this.options.events.raise("InvalidChargePointCertificate", checked.reason) };
    }
    const { chain, keyId } = checked;
    const leaf = chain[0]!;
    const older = this.installed().sort((a, b) => b.notBefore.getTime() - a.notBefore.getTime());
    // The newest one before this stays as fallback; older ones go with their keys.
    const retire = older.slice(1).map((row) => row.id);
    const now = this.options.clock.now();
    this.options.repo.installChargePointCertificate(
      { type: "ChargePointCertificate", pem: chain.map(toPem).join(""), fingerprint: fingerprintOf(leaf), source: "ocpp", subject: leaf.subject, notBefore: leaf.notBefore, notAfter: leaf.notAfter, installedAt: now },
      keyId,
      retire,
    );
    this.options.log.info("new Charge Point certificate stored", { subject: leaf.subject, notBefore: leaf.notBefore.toISOString(), notAfter: leaf.notAfter.toISOString() });
    return {
      status: "Accepted",
      after: () => {
        this.options.events.raise("ReconfigurationOfSecurityParameters", `new Charge Point certificate ${leaf.serialNumber}, valid from ${leaf.notBefore.toISOString()}`);
        this.scheduleSwitch(leaf.notBefore);
      },
    };
  }

  stop(): void {
    this.cancelSwitch?.();
  }

  /** A02: the switch happens once the certificate's notBefore has passed. */
  private scheduleSwitch(notBefore: Date): void {
    const waitMs = notBefore.getTime() - this.options.clock.now().getTime();
    if (waitMs <= 0) return this.options.switched("new Charge Point certificate");
    this.cancelSwitch?.();
    this.cancelSwitch = this.options.clock.after(Math.min(waitMs, 2 ** 31 - 1), () => this.scheduleSwitch(notBefore));
  }

  /** Validity, the CPO hierarchy, the properties of §17.4, and a key pair of this station's making. */
  private async check(chainPem: string): Promise<{ ok: true; chain: Certificate[]; keyId: number } | { ok: false; reason: string }> {
    const maxChars = this.options.configuration.integer("CertificateSignedMaxChainSize");
    if (chainPem.length > maxChars) return { ok: false, reason: `${chainPem.length} characters, more than CertificateSignedMaxChainSize (${maxChars})` };
    const parsed = parsePemCertificates(chainPem, maxChainCertificates);
    if (!parsed.ok) return parsed;
    const chain = parsed.certificates;
    const leaf = chain[0]!;
    const now = this.options.clock.now();
    if (now.getTime() > leaf.notAfter.getTime()) return { ok: false, reason: validityReason(leaf, now)! };
    const property = weakKeyReason(leaf) ?? (hasSerialNumber(leaf) ? undefined : "no serial number");
    if (property) return { ok: false, reason: `the certificate has ${property}` };
    const commonName = subjectAttribute(leaf.subjectName, "CN");
    if (commonName !== this.options.commonName) return { ok: false, reason: `subject CN ${commonName ?? "(none)"} is not this station's ${this.options.commonName}` };
    const key = this.keyOf(leaf);
    if (key === undefined) return { ok: false, reason: "the certificate is not for a key pair this station made" };
    // The leaf may start later (switched then); the rest of the chain must be valid now.
    const verified = await verifyChain(chain, this.options.cpoRoots(), leaf.notBefore > now ? leaf.notBefore : now);
    if (!verified.ok) return { ok: false, reason: verified.reason };
    return { ok: true, chain, keyId: key };
  }

  private keyOf(leaf: Certificate): number | undefined {
    const spki = Buffer.from(leaf.publicKey.rawData);
    return this.options.repo.pendingKeys().find((key) => nodeCrypto().createPublicKey(key.publicKeyPem).export({ type: "spki", format: "der" }).equals(spki))?.id;
  }
}

/** The first certificate of a PEM text (a certFile may hold more around it). */
function certificateOf(pem: string): Certificate | undefined {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)?.[0];
  try {
    return block ? new (x509().X509Certificate)(block) : undefined;
  } catch {
    return undefined;
  }
}
