import { CancelReservationRequest } from "../../../src/messages/cancel-reservation.ts";
import type { FirmwareStatus } from "../../../src/messages/firmware-status-notification.ts";
import { ReserveNowRequest } from "../../../src/messages/reserve-now.ts";
import { answerThen, type Handler } from "../../../src/ocpp/dispatcher.ts";
import { defineProfile, type ProfileContext } from "../../../src/profiles/profile.ts";
import { count, type KeyName } from "../../../src/station/configuration/key-definition.ts";
import { deliveryRule } from "../../../src/station/delivery/delivery-rule.ts";
import type { ConnectorClaim, StartedTransaction } from "../../../src/station/hooks.ts";
import type { IdTagInfo } from "../../../src/station/ports.ts";

/** The probe's key; read through a cast because a test profile does not join the firmware's typed key registry. */
const limitKey = "ProbeLimitA" as KeyName;

/**
 * A profile that exists only in the test suite: it uses every slot of the seam (a key with an effect,
 * handlers that answer first, a durable message with its rule, an authorization source, a connector
 * claim, a current limiter, a transaction observer, a remote start observer, a transfer status), so the seam is proven without a real profile.
 */
export class Probe {
  readonly listed = new Map<string, IdTagInfo>();
  readonly claims = new Map<number, ConnectorClaim & { idTag: string; reservationId: number }>();
  readonly started: StartedTransaction[] = [];
  readonly stopped: string[] = [];
  /** Each accepted remote start: connector, idTag and the id of the chargingProfile it carried. */
  readonly remoteStarts: string[] = [];
  /** What the session showed when its stop was told. */
  readonly phasesAtStop: string[] = [];
  samples = 0;
  /** Where the probe's pretend firmware update stands. */
  firmwareStatus: FirmwareStatus = "Idle";
  readonly effects: string[] = [];
  private readonly claimListeners = new Set<() => void>();
  private readonly limitListeners = new Set<() => void>();

  constructor(private readonly context: ProfileContext) {}

  get limitA(): number | undefined {
    const value = this.context.configuration.get(limitKey);
    return value === undefined || value === "0" ? undefined : Number(value);
  }

  reserve(connectorId: number, idTag: string, reservationId: number): void {
    this.claims.set(connectorId, { idTag, reservationId, isForGroup: false, admits: (requester) => requester.idTag === idTag });
    this.claimListeners.forEach((listener) => listener());
  }

  cancel(reservationId: number): boolean {
    const held = [...this.claims].find(([, claim]) => claim.reservationId === reservationId);
    if (!held) return false;
    this.claims.delete(held[0]);
    this.claimListeners.forEach((listener) => listener());
    return true;
  }

  /** Sends a message of its own through the durable queue. */
  raise(type: string): void {
    this.context.core.enqueue({ action: "DataTransfer", payload: { vendorId: "probe", messageId: type } });
  }

  /** A CALL of its own straight to the Central System, not queued. */
  async ping(): Promise<void> {
    await this.context.csms.call("DataTransfer", { vendorId: "probe" });
  }

  phaseOf(connectorId: number): string {
    return this.context.core.sessions.connector(connectorId)?.phase.kind ?? "none";
  }

  limitChanged(): void {
    this.effects.push(`limit ${this.limitA ?? "none"}`);
    this.limitListeners.forEach((listener) => listener());
  }

  onClaimsChanged(listener: () => void): () => void {
    this.claimListeners.add(listener);
    return () => this.claimListeners.delete(listener);
  }

  onLimitChanged(listener: () => void): () => void {
    this.limitListeners.add(listener);
    return () => this.limitListeners.delete(listener);
  }
}

const reserveNow: Handler<ReserveNowRequest, { status: "Accepted" }, Probe> = {
  action: "ReserveNow",
  request: ReserveNowRequest,
  handle: (req, probe) => answerThen({ status: "Accepted" }, () => probe.reserve(req.connectorId, req.idTag, req.reservationId)),
};

const cancelReservation: Handler<CancelReservationRequest, { status: "Accepted" | "Rejected" }, Probe> = {
  action: "CancelReservation",
  request: CancelReservationRequest,
  handle: (req, probe) => ({ status: probe.cancel(req.reservationId) ? "Accepted" : "Rejected" }),
};

export const probeProfile = defineProfile<Probe>({
  name: "Reservation",
  isFeatureProfile: true,
  keys: [{ key: "ProbeLimitA", access: "RW", rule: count(0, 80), factory: "0" }],
  create: (context) => new Probe(context),
  handlers: [reserveNow, cancelReservation],
  delivery: () => [
    deliveryRule({ action: "DataTransfer", maxAttempts: () => undefined, retryDelayMs: (attempts) => attempts * 1_000, carriesTransactionId: false }),
  ],
  hooks: (probe) => ({
    authorizationSource: { name: "localList", isEnabled: true, lookup: (idTag) => probe.listed.get(idTag) },
    connectorClaims: {
      claimOn: (connectorId) => probe.claims.get(connectorId),
      reservationFor: (connectorId, requester) => {
        const claim = probe.claims.get(connectorId);
        return claim?.admits(requester) ? claim.reservationId : undefined;
      },
      onChanged: (listener) => probe.onClaimsChanged(listener),
    },
    currentLimiter: { limitA: () => probe.limitA, onChanged: (listener) => probe.onLimitChanged(listener) },
    transactionObserver: {
      started: (tx) => probe.started.push(tx),
      sampled: () => probe.samples++,
      stopped: (tx, reason) => {
        probe.stopped.push(`${tx.localTxId} ${reason}`);
        probe.phasesAtStop.push(probe.phaseOf(tx.connectorId));
      },
    },
    remoteStartObserver: {
      refusal: ({ idTag }) => (idTag === "VETOED" ? "the probe refuses it" : undefined),
      accepted: ({ idTag, chargingProfile }, connectorId) => probe.remoteStarts.push(`${connectorId} ${idTag} ${chargingProfile?.chargingProfileId ?? "-"}`),
    },
    transferStatus: { FirmwareStatusNotification: () => ({ status: probe.firmwareStatus }) },
  }),
  keyEffects: (probe) => ({ [limitKey]: () => probe.limitChanged() }),
});
