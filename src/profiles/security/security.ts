import { join } from "node:path";
import type { CertificateHashData, CertificateUse } from "../../messages/common.ts";
import type { SignedUpdateFirmwareRequest, UpdateFirmwareStatus } from "../../messages/signed-update-firmware.ts";
import { OcppError } from "../../ocpp/errors.ts";
import type { SignedFirmwareOrder } from "../../station/hooks.ts";
import { buildCommit, firmwareVersion } from "../../version.ts";
import type { ProfileContext, ProfileDiagnostics, TlsCredentials } from "../profile.ts";
import { CertificateRepo } from "./certificate-repo.ts";
import { ConnectionSecurity } from "./connection-security.ts";
import { ExtendedTrigger } from "./extended-trigger.ts";
import { LogUpload } from "./log-upload.ts";
import { RootCertificates } from "./root-certificates.ts";
import { SecurityLog } from "./security-log.ts";
import { securityDiagnostics } from "./security-diagnostics.ts";
import { SecurityLogRepo } from "./security-log-repo.ts";
import { SecurityStateRepo } from "./security-state-repo.ts";
import { x509 } from "./pki/x509.ts";
import { answerSignedUpdate, verifyImageFile } from "./signed-update.ts";
import { StationCertificate } from "./station-certificate.ts";

/** An answer, and what follows once it has left (events, a reconnect). */
export type Outcome<S extends string> = { status: S; after(): void };

/** How often the station looks whether its certificate is due for renewal (A03). */
const renewalCheckMs = 6 * 3600_000;

/**
 * The security extension's service (SPEC-DIGEST §17): the security log and its events, the roots and
 * the station's own certificate, the connection's security (profile upgrades, TLS events, the root in
 * use), GetLog, and ExtendedTriggerMessage.
 */
export class Security {
  readonly events: SecurityLog;
  readonly roots: RootCertificates;
  readonly stationCertificate: StationCertificate;
  readonly connectionSecurity: ConnectionSecurity;
  readonly logUpload: LogUpload;
  readonly trigger: ExtendedTrigger;
  readonly certificates: CertificateRepo;
  private readonly state: SecurityStateRepo;
  private readonly unsubscribers: (() => void)[] = [];
  private cancelRenewalCheck: (() => void) | undefined;

  constructor(private readonly context: ProfileContext) {
    const { database, clock, log, configuration, connection, core } = context;
    this.certificates = new CertificateRepo(database);
    this.state = new SecurityStateRepo(database);
    this.events = new SecurityLog({ repo: new SecurityLogRepo(database), outbox: context.stores.outbox, clock, log, queued: () => core.delivery.wake() });
    this.roots = new RootCertificates({
      repo: this.certificates, clock, log,
      maxInstalled: () => configuration.integer("CertificateStoreMaxLength"),
      isSingleCentralSystemRoot: () => configuration.boolean("AdditionalRootCertificateCheck"),
    });
    this.stationCertificate = new StationCertificate({
      repo: this.certificates, configuration, csms: context.csms, clock, log, events: this.events,
      commonName: stationSerialNumber(context),
      file: { certificatePem: connection.files.clientCertPem, privateKeyPem: connection.files.clientKeyPem },
      cpoRoots: () => this.roots.valid("CentralSystemRootCertificate"),
      switched: (why) => {
        if (configuration.integer("SecurityProfile") === 3) connection.reconnect(why);
      },
    });
    this.connectionSecurity = new ConnectionSecurity({ configuration, connection, state: this.state, roots: this.roots, stationCertificate: this.stationCertificate, events: this.events, clock, log });
    this.logUpload = new LogUpload({
      clock, log, events: this.events, state: this.state, logFiles: context.host.logFiles, outbox: context.stores.outbox, queued: () => core.delivery.wake(),
      workDir: join(context.host.dataDir, "security", "log-uploads"), caPems: context.host.transferCaPems,
    });
    this.trigger = new ExtendedTrigger(context, this.logUpload, this.stationCertificate);
    this.roots.importFile("CentralSystemRootCertificate", connection.files.caPem);
    connection.useCredentials(() => this.credentials());
  }

  /** What TLS trusts and presents from the next connection on: the valid Central System roots, the station's certificate in use. */
  credentials(): TlsCredentials {
    const inUse = this.stationCertificate.inUse();
    return { caPems: this.roots.valid("CentralSystemRootCertificate").map((certificate) => certificate.toString("pem")), clientCertPem: inUse?.certificatePem, clientKeyPem: inUse?.privateKeyPem };
  }

  hasAuthorizationKey(): boolean {
    return this.context.configuration.get("AuthorizationKey") !== undefined;
  }

  diagnostics(): ProfileDiagnostics {
    const inUse = this.stationCertificate.inUse();
    const securityProfile = this.context.configuration.integer("SecurityProfile");
    const now = this.context.clock.now();
    const fromFile = inUse?.source === "file" ? certificateSummary(inUse.certificatePem) : undefined;
    return securityDiagnostics(this.context.database, { now, securityProfile, stationCertificateInUse: inUse?.source === "ocpp" ? inUse.row.id : fromFile });
  }

  /** A05.FR.02–04: what a raised profile needs is installed. */
  has(what: "centralSystemRoot" | "stationCertificate"): boolean {
    return what === "centralSystemRoot" ? this.roots.valid("CentralSystemRootCertificate").length > 0 : this.stationCertificate.inUse() !== undefined;
  }

  /** M05: InstallCertificate, stored before the answer; `after` raises the events (TC_078: InvalidCentralSystemCertificate after a Rejected). */
  async installCertificate(type: CertificateUse, pem: string): Promise<Outcome<"Accepted" | "Rejected" | "Failed">> {
    const outcome = await this.roots.install(type, pem);
    this.context.log[outcome.status === "Accepted" ? "info" : "warn"]("InstallCertificate", { type, status: outcome.status, reason: outcome.reason });
    const after = () => {
      if (outcome.status === "Rejected" && type === "CentralSystemRootCertificate") this.events.raise("InvalidCentralSystemCertificate", outcome.reason);
      if (outcome.status === "Accepted" && outcome.reason === undefined) this.events.raise("ReconfigurationOfSecurityParameters", `${type} installed`);
    };
    return { status: outcome.status, after };
  }

  /** M04: the Charge Point certificate and the Central System root in use are never deleted (Failed). */
  deleteCertificate(wanted: CertificateHashData): Outcome<"Accepted" | "Failed" | "NotFound"> {
    const nothing = () => {};
    const entry = this.roots.find(wanted);
    if (!entry) return { status: this.isStationCertificate(wanted) ? "Failed" : "NotFound", after: nothing };
    if (this.connectionSecurity.isInUse(entry)) {
      this.context.log.warn("DeleteCertificate refused: the root verifies the connection in use", { subject: entry.row.subject });
      return { status: "Failed", after: nothing };
    }
    try {
      this.roots.delete(entry);
    } catch (error) {
      this.context.log.error("certificate not deleted", { error });
      return { status: "Failed", after: nothing };
    }
    return { status: "Accepted", after: () => this.events.raise("ReconfigurationOfSecurityParameters", `${entry.row.type} ${entry.row.subject} deleted`) };
  }

  /**
   * §17.7 SignedUpdateFirmware: the signing certificate against the valid installed manufacturer roots
   * before the answer (InvalidCertificate, its event after the answer); an accepted update goes to the
   * firmware update path (the seam's firmwareUpdater), which cancels one under way.
   */
  async signedUpdate(request: SignedUpdateFirmwareRequest): Promise<Outcome<UpdateFirmwareStatus>> {
    const { hooks, clock, log } = this.context;
    const updater = hooks.firmwareUpdater;
    if (!updater) throw new OcppError("NotSupported", "SignedUpdateFirmware: no profile installs firmware");
    const answer = await answerSignedUpdate(request, { manufacturerRoots: this.roots.valid("ManufacturerRootCertificate"), now: clock.now(), running: updater.running() });
    log[answer.status === "Accepted" || answer.status === "AcceptedCanceled" ? "info" : "warn"]("SignedUpdateFirmware", {
      requestId: request.requestId, status: answer.status, reason: answer.status === "InvalidCertificate" ? answer.event.techInfo : answer.status === "Rejected" ? answer.reason : undefined,
    });
    switch (answer.status) {
      case "InvalidCertificate":
        return { status: answer.status, after: () => this.events.raise(answer.event.type, answer.event.techInfo) };
      case "Rejected":
        return { status: answer.status, after: () => {} };
      default:
        return { status: answer.status, after: () => updater.requestSigned(signedOrder(request)) };
    }
  }

  /** L01.FR.04: the downloaded image's signature, before anything is installed; a "no" raises InvalidFirmwareSignature. */
  /** A signing certificate can be checked: a ManufacturerRootCertificate valid now is installed. */
  signedUpdatesPossible(): boolean {
    return this.roots.valid("ManufacturerRootCertificate").length > 0;
  }

  async verifyFirmwareImage(order: SignedFirmwareOrder, imagePath: string): Promise<{ ok: true } | { ok: false; reason: string }> {
    const verified = await verifyImageFile(order, imagePath);
    if (verified.ok) {
      this.context.log.info("firmware signature verified", { requestId: order.requestId, scheme: verified.scheme });
      return { ok: true };
    }
    this.events.raise(verified.event.type, verified.event.techInfo);
    return { ok: false, reason: verified.event.techInfo };
  }

  start(): void {
    const { context } = this;
    this.unsubscribers.push(this.connectionSecurity.start());
    this.raiseStartEvents();
    this.logUpload.recoverInterrupted();
    // A start on a full storage (the store gave up its start reserve) is told too, not only a storage that fills while running.
    if (context.storage.isFull) this.events.raise("MemoryExhaustion", "storage full at start: new transactions refused");
    this.unsubscribers.push(
      context.storage.onChanged((isFull) => {
        if (isFull) this.events.raise("MemoryExhaustion", "storage full: new transactions refused");
      }),
      context.lifecycle.onRequested((outcome) => this.events.raise("ResetOrReboot", outcome.kind === "reset" ? `Reset ${outcome.type}` : `restart: ${outcome.why}`)),
      context.core.registration.onAccepted(() => void this.stationCertificate.renewIfDue()),
    );
    this.scheduleRenewalCheck();
  }

  stop(): void {
    // A stop the station did not ask for itself (SIGTERM from the service manager) is a reboot too.
    if (this.context.lifecycle.pending === undefined) this.events.raise("ResetOrReboot", "stopped by the operating system (signal)");
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.cancelRenewalCheck?.();
    this.stationCertificate.stop();
    this.logUpload.stop();
  }

  /** StartupOfTheDevice at every start of the firmware; FirmwareUpdated when it is another build than the last run's. */
  private raiseStartEvents(): void {
    const build = `${firmwareVersion} (${buildCommit})`;
    const before = this.state.get("firmware");
    if (before !== undefined && before !== build) this.events.raise("FirmwareUpdated", `${before} → ${build}`);
    if (before !== build) this.state.set("firmware", build);
    this.events.raise("StartupOfTheDevice", `firmware ${build}`);
  }

  private scheduleRenewalCheck(): void {
    this.cancelRenewalCheck = this.context.clock.after(renewalCheckMs, () => {
      if (this.context.core.registration.status === "Accepted") void this.stationCertificate.renewIfDue();
      this.scheduleRenewalCheck();
    });
  }

  private isStationCertificate(wanted: CertificateHashData): boolean {
    return this.stationCertificate.matches(wanted, (subject) => this.roots.installed().find((entry) => entry.certificate.subject === subject)?.certificate);
  }
}

function signedOrder(request: SignedUpdateFirmwareRequest): SignedFirmwareOrder {
  const { firmware } = request;
  return {
    requestId: request.requestId, location: firmware.location, retrieveDate: new Date(firmware.retrieveDateTime),
    installDate: firmware.installDateTime === undefined ? undefined : new Date(firmware.installDateTime),
    retries: request.retries, retryIntervalSec: request.retryInterval,
    signingCertificatePem: firmware.signingCertificate, signatureBase64: firmware.signature,
  };
}

/** Subject and expiry of the first certificate of a PEM text (station.json's certFile), or undefined. */
function certificateSummary(pem: string): { subject: string; notAfter: Date } | undefined {
  const block = /-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/.exec(pem)?.[0];
  if (!block) return undefined;
  try {
    const certificate = new (x509().X509Certificate)(block);
    return { subject: certificate.subject, notAfter: certificate.notAfter };
  } catch {
    return undefined;
  }
}

/** A00.FR.507: the station certificate's CN is its serial number; without one configured, its identity. */
function stationSerialNumber(context: ProfileContext): string {
  return context.identity.chargePointSerialNumber ?? context.chargePointId;
}
