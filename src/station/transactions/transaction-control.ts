import type { Reason, StopTransactionRequest } from "../../messages/stop-transaction.ts";
import type { Configuration } from "../configuration/configuration.ts";
import type { Metering } from "../metering/metering.ts";
import type { StationHooks } from "../hooks.ts";
import type { Clock, Log, OpenTransaction, TransactionStore } from "../ports.ts";
import { type ConnectorSession, isEvConnected, isEvRequesting, leavePhase, type PendingAuthorization } from "./connector-session.ts";

type Options = {
  clock: Clock;
  configuration: Configuration;
  transactions: TransactionStore;
  metering: Metering;
  hooks: StationHooks;
  log: Log;
  /** False while the connector or station is Inoperative or faulted: no energy. */
  mayDeliverEnergy(connectorId: number): boolean;
  /** A message was queued. */
  queued(): void;
  /** Before the session shows its end: a Scheduled availability change applies now (C8). */
  transactionEnded(connectorId: number): void;
  /** The session changed: status and LED follow. */
  changed(session: ConnectorSession): void;
};

/** How often the energy used after a refused tag is compared with MaxEnergyOnInvalidId. */
const deauthorizedCheckMs = 2_000;

/** IEC 61851-1: below 6 A the pilot cannot offer charging; the EVSE then offers nothing (SuspendedEVSE). */
export const minimumCurrentA = 6;

/** Starts and stops transactions and switches energy; each start and stop is durable before it shows. */
export class TransactionControl {
  private readonly deauthorizedChecks = new Map<number, () => void>();

  constructor(private readonly options: Options) {}

  /** SPEC-DIGEST §8.2 [impl]: authorized, EV connected → register read → recorded and queued → energy. */
  start(session: ConnectorSession, authorization: PendingAuthorization): void {
    const { clock, transactions, metering, hooks } = this.options;
    leavePhase(session);
    const startedAt = clock.now();
    const meterStartWh = Math.round(session.hw.readMeter().energyWh);
    const { idTag, parentIdTag } = authorization;
    // §13.1: a start of the reserved idTag (or its group) on the reserved connector, or any for connector 0, uses the reservation.
    const reservationId = hooks.reservationFor(session.id, authorization);
    let tx: OpenTransaction;
    try {
      tx = transactions.begin(
        { connectorId: session.id, idTag, parentIdTag, reservationId, meterStartWh, startedAt },
        { connectorId: session.id, idTag, meterStart: meterStartWh, timestamp: startedAt.toISOString(), ...(reservationId === undefined ? {} : { reservationId }) },
      );
    } catch (error) {
      // Durable before visible: a transaction the store cannot record is not started, and no energy flows.
      this.options.log.error("transaction not started: it could not be recorded", { connectorId: session.id, idTag, error });
      session.phase = isEvConnected(session) ? { kind: "finishing" } : { kind: "idle" };
      this.options.changed(session);
      return;
    }
    session.phase = { kind: "transaction", tx, parentIdTag, deauthorized: undefined };
    this.options.log.info("transaction started", { connectorId: session.id, idTag, localTxId: tx.localTxId, meterStartWh });
    metering.transactionStarted(session.id, tx.localTxId, startedAt);
    hooks.tellObservers("started", (observer) => observer.started?.(tx));
    this.options.queued();
    this.applyEnergy(session);
  }

  /** Ends the transaction: energy off, StopTransaction recorded and queued (C§4.10). */
  stop(session: ConnectorSession, reason: Reason, idTag?: string): void {
    if (session.phase.kind !== "transaction") return;
    const { tx } = session.phase;
    this.deauthorizedChecks.get(session.id)?.();
    this.deauthorizedChecks.delete(session.id);
    session.hw.openContactor();
    session.hw.offerCurrent(null);
    const at = this.options.clock.now();
    const meterStopWh = Math.max(tx.meterStartWh, Math.round(session.hw.readMeter().energyWh));
    const transactionData = this.options.metering.transactionStopping(session.id, at);
    const stopTransaction: StopTransactionRequest = {
      ...(idTag === undefined ? {} : { idTag }),
      meterStop: meterStopWh,
      timestamp: at.toISOString(),
      transactionId: -1, // filled in when sent: the Central System may not have answered StartTransaction yet
      reason,
      ...(transactionData ? { transactionData } : {}),
    };
    this.options.transactions.end(tx.localTxId, { at, meterStopWh, reason }, stopTransaction);
    this.options.log.info("transaction stopped", { connectorId: session.id, localTxId: tx.localTxId, reason, meterStopWh });
    // C§4.9 C6/C1: with the cable still in the EV the connector is Finishing until it is unplugged.
    session.phase = isEvConnected(session) ? { kind: "finishing" } : { kind: "idle" };
    // Told once the session has left its transaction: a limiter that changes at once gives this connector no energy again.
    this.options.hooks.tellObservers("stopped", (observer) => observer.stopped?.(tx, reason));
    this.options.transactionEnded(session.id);
    this.options.queued();
    this.options.changed(session);
  }

  /** Offers current and closes the contactor exactly while the transaction may deliver energy, within the current limit. */
  applyEnergy(session: ConnectorSession): void {
    const isAllowed = this.isOffering(session) && this.options.mayDeliverEnergy(session.id);
    if (!isAllowed) {
      session.hw.openContactor();
      session.hw.offerCurrent(null);
    } else {
      session.hw.offerCurrent(this.offerA(session));
      if (isEvRequesting(session)) session.hw.closeContactor();
      else session.hw.openContactor();
    }
    this.options.changed(session);
  }

  /** Whether the EVSE offers energy now: willing, and allowed at least the minimum current. */
  isOffering(session: ConnectorSession): boolean {
    return this.isEnergyAllowed(session) && this.offerA(session) >= minimumCurrentA;
  }

  /** The hardware's maximum, lowered by any current limiter of a profile. */
  private offerA(session: ConnectorSession): number {
    return Math.min(session.hw.maxCurrentA, this.options.hooks.limitA(session.id) ?? Number.POSITIVE_INFINITY);
  }

  /** §7.5: the Central System refused the tag of a running transaction. */
  deauthorize(session: ConnectorSession): void {
    if (session.phase.kind !== "transaction" || session.phase.deauthorized) return;
    const { configuration } = this.options;
    const energyLeftWh = configuration.integer("MaxEnergyOnInvalidId");
    session.phase.deauthorized = { atWh: session.hw.readMeter().energyWh, energyLeftWh };
    this.options.log.warn("Central System refused the tag of a running transaction", { connectorId: session.id, energyLeftWh });
    this.checkDeauthorizedEnergy(session);
  }

  /** Once the energy allowed after a refusal is used up: stop (StopTransactionOnInvalidId) or suspend. */
  private checkDeauthorizedEnergy(session: ConnectorSession): void {
    if (session.phase.kind !== "transaction" || !session.phase.deauthorized) return;
    if (this.isEnergyAllowed(session)) {
      const cancel = this.options.clock.after(deauthorizedCheckMs, () => this.checkDeauthorizedEnergy(session));
      this.deauthorizedChecks.set(session.id, cancel);
      return;
    }
    this.deauthorizedChecks.delete(session.id);
    if (this.options.configuration.boolean("StopTransactionOnInvalidId")) this.stop(session, "DeAuthorized");
    else this.applyEnergy(session); // SuspendedEVSE: the transaction stays, the energy stops
  }

  /** Whether the EVSE is willing; whether the EV is there and asks is the pilot's business. */
  isEnergyAllowed(session: ConnectorSession): boolean {
    if (session.phase.kind !== "transaction") return false;
    const { deauthorized } = session.phase;
    if (!deauthorized) return true;
    return session.hw.readMeter().energyWh - deauthorized.atWh < deauthorized.energyLeftWh;
  }
}
