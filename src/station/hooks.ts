import type { ChargingProfile } from "../messages/charging-profile.ts";
import type { RequestOf } from "../messages/index.ts";
import type { Reason } from "../messages/stop-transaction.ts";
import type { IdTagInfo, Log, OpenTransaction } from "./ports.ts";
import type { MeterSnapshot } from "./metering/sampled-values.ts";

/**
 * The slots the core offers to the profiles that plug in (src/profiles). The core asks them at the
 * moment it decides, so a profile registered after the core was built still takes part.
 */

/** An idTag's entry kept on the station before the cache (SPEC-DIGEST §7.4: the Local Authorization List). */
export interface AuthorizationSource {
  readonly name: "localList";
  readonly isEnabled: boolean;
  lookup(idTag: string): IdTagInfo | undefined;
}

/** Who wants to start: the presented or remote idTag and, once known, its parentIdTag. */
export type StartRequester = { idTag: string; parentIdTag?: string | undefined };

/** A hold on a connector (a reservation): only the requesters it admits may start there. */
export type ConnectorClaim = {
  admits(requester: StartRequester): boolean;
  /** A tag may also be admitted by its parentIdTag: one not known locally is authorized before it is refused (§13.1). */
  readonly isForGroup: boolean;
};

export interface ConnectorClaims {
  /** The claim holding the connector now, if any; the connector reports Reserved while it is free. */
  claimOn(connectorId: number): ConnectorClaim | undefined;
  /**
   * The reservation a start of this requester on this connector fulfils (StartTransaction.reservationId),
   * whether or not a claim holds the connector: a reservation of connector 0 may be used on any connector.
   */
  reservationFor(connectorId: number, requester: StartRequester): number | undefined;
  /** The claims changed (made, cancelled, expired): statuses and starts follow. */
  onChanged(listener: () => void): () => void;
}

/** A limit on the current a connector may offer (smart charging); undefined = only the hardware's. */
export interface CurrentLimiter {
  limitA(connectorId: number): number | undefined;
  /** A limit changed (profile installed, period boundary): the energy path asks again at once. */
  onChanged(listener: () => void): () => void;
}

export type StartedTransaction = Pick<OpenTransaction, "localTxId" | "connectorId" | "idTag" | "parentIdTag" | "reservationId" | "startedAt">;

/** Told about each transaction of the station, after the store has it. */
export interface TransactionObserver {
  started?(tx: StartedTransaction): void;
  /** Each periodic sample (MeterValueSampleInterval) of a running transaction. */
  sampled?(tx: { localTxId: number; connectorId: number }, snapshot: MeterSnapshot, at: Date): void;
  stopped?(tx: { localTxId: number; connectorId: number }, reason: Reason): void;
}

/** A RemoteStartTransaction as the profiles see it (§10.1): the idTag, the connector asked for, and the charging profile it carries. */
export type RemoteStartRequest = { idTag: string; connectorId: number | undefined; chargingProfile: ChargingProfile | undefined };

/**
 * Told of each RemoteStartTransaction: a profile may refuse one before the answer (a chargingProfile it
 * cannot take), and hears on which connector an accepted one prepares, once the answer has left.
 */
export interface RemoteStartObserver {
  /** Why the remote start must be Rejected, or undefined. */
  refusal?(request: RemoteStartRequest): string | undefined;
  /** The Accepted answer has left and the connector prepares for this request's transaction. */
  accepted?(request: RemoteStartRequest, connectorId: number): void;
}

/** The notifications that tell where a file transfer of the station stands (an upload, an update); `Idle` when none runs. */
export type TransferNotification = "DiagnosticsStatusNotification" | "FirmwareStatusNotification" | "LogStatusNotification" | "SignedFirmwareStatusNotification";

/** Where the transfers a profile runs stand now, as the payload of their notification (a TriggerMessage asks, §15). */
export type TransferStatusSource = { [A in TransferNotification]?: () => RequestOf<A> };

/** Told when the Central System sets the station's clock (BootNotification, Heartbeat): the time before and after. */
export type ClockObserver = (from: Date, to: Date) => void;

/**
 * Where the security events of the station go (SPEC-DIGEST §17.5): the profile that keeps the security
 * log fills it; any profile raises through `StationHooks.securityEvent`, e.g. FirmwareUpdated.
 */
export type SecurityEventSink = (type: string, techInfo?: string) => void;

/** A signed firmware update (SignedUpdateFirmware, §17.7) as the firmware update path takes it. */
export type SignedFirmwareOrder = {
  requestId: number;
  location: string;
  retrieveDate: Date;
  /** installDateTime: a verified image waits for it (InstallScheduled). */
  installDate: Date | undefined;
  retries: number | undefined;
  retryIntervalSec: number | undefined;
  signingCertificatePem: string;
  signatureBase64: string;
};

/** Where a firmware update under way stands for a new request (§17.7 L01.FR.26–27). */
export type RunningFirmwareUpdate = "none" | "cancellable" | "notCancellable";

/**
 * The firmware update path (the Firmware Management profile fills it): download, verification, install,
 * restart and rollback, with SignedFirmwareStatusNotification at each step of a signed update.
 */
export interface FirmwareUpdater {
  running(): RunningFirmwareUpdate;
  /** Cancels a cancellable update under way and runs this one. */
  requestSigned(order: SignedFirmwareOrder): void;
}

/** The signed-firmware checks (the Security profile fills it). */
export interface FirmwareSignatureVerifier {
  /** A signed update can be accepted now: a valid ManufacturerRootCertificate is installed. */
  signedUpdatesPossible(): boolean;
  /** Verifies a downloaded image's signature before anything is installed; a "no" has raised its event. */
  verify(order: SignedFirmwareOrder, imagePath: string): Promise<{ ok: true } | { ok: false; reason: string }>;
}

export type StationHookSet = {
  authorizationSource?: AuthorizationSource;
  connectorClaims?: ConnectorClaims;
  currentLimiter?: CurrentLimiter;
  transactionObserver?: TransactionObserver;
  remoteStartObserver?: RemoteStartObserver;
  transferStatus?: TransferStatusSource;
  clockObserver?: ClockObserver;
  securityEvents?: SecurityEventSink;
  firmwareUpdater?: FirmwareUpdater;
  firmwareSignatureVerifier?: FirmwareSignatureVerifier;
};

/** The hooks of every registered profile, in registration order. */
export class StationHooks {
  readonly authorizationSources: AuthorizationSource[] = [];
  readonly connectorClaims: ConnectorClaims[] = [];
  readonly currentLimiters: CurrentLimiter[] = [];
  readonly transactionObservers: TransactionObserver[] = [];
  readonly remoteStartObservers: RemoteStartObserver[] = [];
  readonly transferStatusSources: TransferStatusSource[] = [];
  readonly clockObservers: ClockObserver[] = [];
  readonly securityEventSinks: SecurityEventSink[] = [];
  private updater: FirmwareUpdater | undefined;
  private signatureVerifier: FirmwareSignatureVerifier | undefined;

  constructor(private readonly log: Log) {}

  add(hooks: StationHookSet): void {
    if (hooks.authorizationSource) this.authorizationSources.push(hooks.authorizationSource);
    if (hooks.connectorClaims) this.connectorClaims.push(hooks.connectorClaims);
    if (hooks.currentLimiter) this.currentLimiters.push(hooks.currentLimiter);
    if (hooks.transactionObserver) this.transactionObservers.push(hooks.transactionObserver);
    if (hooks.remoteStartObserver) this.remoteStartObservers.push(hooks.remoteStartObserver);
    if (hooks.transferStatus) this.transferStatusSources.push(hooks.transferStatus);
    if (hooks.clockObserver) this.clockObservers.push(hooks.clockObserver);
    if (hooks.securityEvents) this.securityEventSinks.push(hooks.securityEvents);
    this.updater ??= hooks.firmwareUpdater;
    this.signatureVerifier ??= hooks.firmwareSignatureVerifier;
  }

  /** The first profile's that offers one; undefined without Firmware Management. */
  get firmwareUpdater(): FirmwareUpdater | undefined {
    return this.updater;
  }

  /** §17.7 L01.FR.04: without a profile that verifies signatures, no signed image is ever installed. */
  verifyFirmwareSignature(order: SignedFirmwareOrder, imagePath: string): ReturnType<FirmwareSignatureVerifier["verify"]> {
    if (!this.signatureVerifier) return Promise.resolve({ ok: false, reason: "no profile verifies firmware signatures" });
    return this.signatureVerifier.verify(order, imagePath);
  }

  /** §17.7 L01.FR.20: once signed updates can be accepted, an unsigned image is never installed. */
  unsignedFirmwareRefused(): boolean {
    return this.signatureVerifier?.signedUpdatesPossible() ?? false;
  }

  /** A failing observer is logged; the clock is set all the same. */
  tellClockSet(from: Date, to: Date): void {
    for (const observer of this.clockObservers) {
      try {
        observer(from, to);
      } catch (error) {
        this.log.error("clock observer failed", { error });
      }
    }
  }

  /** A security event (§17.5) for the security log; without a profile that keeps one, only logged. */
  securityEvent(type: string, techInfo?: string): void {
    if (this.securityEventSinks.length === 0) this.log.info("security event", { type, techInfo });
    for (const sink of this.securityEventSinks) {
      try {
        sink(type, techInfo);
      } catch (error) {
        this.log.error("security event not recorded", { type, error });
      }
    }
  }

  /** A failing observer is logged; the transaction and the other observers go on. */
  tellObservers(event: keyof TransactionObserver, tell: (observer: TransactionObserver) => void): void {
    for (const observer of this.transactionObservers) {
      try {
        tell(observer);
      } catch (error) {
        this.log.error("transaction observer failed", { event, error });
      }
    }
  }

  /** The first observer's reason to refuse this remote start; undefined when none refuses. */
  remoteStartRefusal(request: RemoteStartRequest): string | undefined {
    for (const observer of this.remoteStartObservers) {
      const refusal = observer.refusal?.(request);
      if (refusal !== undefined) return refusal;
    }
    return undefined;
  }

  /** A failing observer is logged; the remote start goes on. */
  tellRemoteStartAccepted(request: RemoteStartRequest, connectorId: number): void {
    for (const observer of this.remoteStartObservers) {
      try {
        observer.accepted?.(request, connectorId);
      } catch (error) {
        this.log.error("remote start observer failed", { connectorId, error });
      }
    }
  }

  claimOn(connectorId: number): ConnectorClaim | undefined {
    for (const claims of this.connectorClaims) {
      const claim = claims.claimOn(connectorId);
      if (claim) return claim;
    }
    return undefined;
  }

  reservationFor(connectorId: number, requester: StartRequester): number | undefined {
    for (const claims of this.connectorClaims) {
      const reservationId = claims.reservationFor(connectorId, requester);
      if (reservationId !== undefined) return reservationId;
    }
    return undefined;
  }

  /** The lowest limit any limiter sets, or undefined when none does. */
  limitA(connectorId: number): number | undefined {
    let limitA: number | undefined;
    for (const limiter of this.currentLimiters) {
      const limit = limiter.limitA(connectorId);
      if (limit !== undefined && (limitA === undefined || limit < limitA)) limitA = limit;
    }
    return limitA;
  }

  /** The first source with this kind of transfer under way says where it stands; with none, nothing runs: Idle (§11, §15). */
  transferStatus<A extends TransferNotification>(action: A): RequestOf<A> {
    for (const source of this.transferStatusSources) {
      const current = source[action]?.();
      if (current && current.status !== "Idle") return current;
    }
    return { status: "Idle" } as RequestOf<A>;
  }
}
