import type { Configuration } from "../../station/configuration/configuration.ts";
import type { Log } from "../../station/ports.ts";
import type { ConnectionAttempt, ConnectionControl } from "../profile.ts";
import { verifyChain } from "./pki/certificate-chain.ts";
import { parsePemCertificates } from "./pki/certificate-pem.ts";
import type { InstalledCertificate, RootCertificates } from "./root-certificates.ts";
import type { SecurityEventType } from "./security-event-types.ts";
import type { SecurityLog } from "./security-log.ts";
import type { SecurityStateRepo } from "./security-state-repo.ts";
import type { StationCertificate } from "./station-certificate.ts";

type Options = {
  configuration: Configuration;
  connection: ConnectionControl;
  state: SecurityStateRepo;
  roots: RootCertificates;
  stationCertificate: StationCertificate;
  events: SecurityLog;
  clock: { now(): Date };
  log: Log;
};

/**
 * What each connection attempt means for security (§17.1–§17.3): a raised SecurityProfile is kept
 * only once a connection with it succeeds, else the previous one comes back (A05.FR.08); a refused
 * TLS version, cipher suite, server certificate or credentials is a security event, once per outage;
 * a station certificate that fails is passed over for its fallback; and the Central System root in
 * use is known (it cannot be deleted, M04).
 */
export class ConnectionSecurity {
  private readonly raisedThisOutage = new Set<SecurityEventType>();
  private rootInUse: { fingerprint: string } | "unknown" | undefined;
  /** The profile of the last connection that succeeded: where a raised one falls back to. */
  private profileInUse: number | undefined;

  constructor(private readonly options: Options) {}

  start(): () => void {
    return this.options.connection.onAttempt((attempt) => this.attempted(attempt));
  }

  /** A05: the Accepted ChangeConfiguration is stored; until its first connection succeeds the one before is kept aside. */
  raised(next: number): void {
    const previous = this.profileInUse ?? Number(this.options.state.get("profileBeforeUpgrade") ?? 0);
    this.options.state.set("profileBeforeUpgrade", String(previous));
    this.options.events.raise("ReconfigurationOfSecurityParameters", `SecurityProfile ${previous} → ${next}`);
    this.options.connection.reconnect("SecurityProfile changed");
  }

  /** Whether this Central System root verifies the connection now (M04: Failed when deleted); unknown counts as in use. */
  isInUse(entry: InstalledCertificate): boolean {
    if (entry.row.type !== "CentralSystemRootCertificate" || this.options.configuration.integer("SecurityProfile") < 2) return false;
    if (this.rootInUse === undefined) return false;
    return this.rootInUse === "unknown" || this.rootInUse.fingerprint === entry.row.fingerprint;
  }

  private attempted(attempt: ConnectionAttempt): void {
    if (attempt.kind === "connected") return void this.connected(attempt.securityProfile);
    this.failed(attempt.securityProfile, attempt.failure);
  }

  private async connected(securityProfile: number): Promise<void> {
    this.profileInUse = securityProfile;
    this.raisedThisOutage.clear();
    this.options.stationCertificate.connected();
    const before = this.options.state.get("profileBeforeUpgrade");
    if (before !== undefined && Number(before) !== securityProfile) {
      this.options.state.clear("profileBeforeUpgrade");
      this.options.log.info("security profile confirmed by a connection", { securityProfile });
    }
    this.rootInUse = securityProfile >= 2 ? await this.findRootInUse() : undefined;
    this.retireFallbackRoots();
  }

  /**
   * M05.FR.10–12, AdditionalRootCertificateCheck: once a connection is verified by the newest Central
   * System root, the roots it replaced (kept as fallback until then) are deleted.
   */
  private retireFallbackRoots(): void {
    if (!this.options.configuration.boolean("AdditionalRootCertificateCheck") || typeof this.rootInUse !== "object") return;
    const roots = this.options.roots.installed("CentralSystemRootCertificate");
    const newest = roots.at(-1);
    if (!newest || newest.row.fingerprint !== this.rootInUse.fingerprint) return;
    for (const old of roots.slice(0, -1)) {
      this.options.roots.delete(old);
      this.options.events.raise("ReconfigurationOfSecurityParameters", `fallback CentralSystemRootCertificate ${old.row.subject} deleted: the new root verified the Central System`);
    }
  }

  private failed(securityProfile: number, failure: Extract<ConnectionAttempt, { kind: "failed" }>["failure"]): void {
    const event = securityEventOf(failure);
    if (event && !this.raisedThisOutage.has(event)) {
      this.raisedThisOutage.add(event);
      this.options.events.raise(event, failure.message);
    }
    this.rootInUse = undefined;
    if (this.fallBackFromUpgrade(securityProfile, failure.message)) return;
    const inUse = this.options.stationCertificate.inUse();
    if (securityProfile === 3 && event !== undefined && inUse && this.options.stationCertificate.failedToConnect(inUse)) {
      this.options.log.warn("the station's newest certificate failed; the next connection presents the one before", { failure: failure.message });
    }
  }

  /** A05.FR.08: the first failed connection with a raised profile brings the previous one back. */
  private fallBackFromUpgrade(securityProfile: number, why: string): boolean {
    const before = this.options.state.get("profileBeforeUpgrade");
    if (before === undefined || Number(before) === securityProfile) return false;
    this.options.configuration.correct("SecurityProfile", before);
    this.options.state.clear("profileBeforeUpgrade");
    this.options.events.raise("ReconfigurationOfSecurityParameters", `SecurityProfile ${securityProfile} failed to connect (${why}); back to ${before}`);
    this.options.connection.reconnect(`SecurityProfile ${securityProfile} failed; back to ${before}`);
    return true;
  }

  /** The installed Central System root that verifies the certificates the Central System presents now. */
  private async findRootInUse(): Promise<{ fingerprint: string } | "unknown"> {
    const pems = await this.options.connection.peerCertificates();
    const parsed = pems ? parsePemCertificates(pems.join(""), 20) : undefined;
    if (!parsed?.ok) return "unknown";
    const roots = this.options.roots.installed("CentralSystemRootCertificate");
    for (let length = parsed.certificates.length; length >= 1; length -= 1) {
      const verified = await verifyChain(parsed.certificates.slice(0, length), roots.map((root) => root.certificate), this.options.clock.now());
      if (verified.ok) return { fingerprint: roots.find((root) => root.certificate === verified.root)!.row.fingerprint };
    }
    return "unknown";
  }
}

/**
 * §17.3, §17.5: which security event a failed connection attempt is. TLS alerts and verification errors
 * as BoringSSL (Bun) and OpenSSL (Node) name them; a 401 refuses the station's credentials.
 */
export function securityEventOf(failure: { kind: string; message: string; statusCode?: number | undefined }): SecurityEventType | undefined {
  if (failure.kind === "credentialsRejected" || failure.statusCode === 401) return "FailedToAuthenticateAtCentralSystem";
  if (failure.kind !== "tlsError") return undefined;
  const text = failure.message;
  if (/PROTOCOL_VERSION|UNSUPPORTED_PROTOCOL|WRONG_VERSION_NUMBER|VERSION_TOO_LOW/i.test(text)) return "InvalidTLSVersion";
  if (/NO_SHARED_CIPHER|NO_CIPHERS|HANDSHAKE_FAILURE|INSUFFICIENT_SECURITY/i.test(text)) return "InvalidTLSCipherSuite";
  if (/CERTIFICATE_REQUIRED|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_CERTIFICATE_UNKNOWN|ALERT_ACCESS_DENIED/i.test(text)) return "FailedToAuthenticateAtCentralSystem";
  if (/CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)|HOSTNAME|ALTNAME|certificate|issuer/i.test(text)) return "InvalidCentralSystemCertificate";
  return undefined;
}
