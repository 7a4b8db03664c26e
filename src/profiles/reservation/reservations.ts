import type { ReserveNowRequest, ReservationStatus } from "../../messages/reserve-now.ts";
import type { ChargePointStatus } from "../../messages/status-notification.ts";
import type { Configuration } from "../../station/configuration/configuration.ts";
import type { ConnectorClaim, ConnectorClaims, StartedTransaction, StartRequester } from "../../station/hooks.ts";
import type { Clock, Log } from "../../station/ports.ts";
import type { Station } from "../../station/station.ts";
import { isEvConnected } from "../../station/transactions/connector-session.ts";
import { type ConnectorState, type Reservation, ReservationBook, type ReservationStore, type StationState } from "./reservation-book.ts";

/**
 * The longest wait between two looks at the next expiry: timers keep their delays when the Central
 * System sets the station's clock (§5), so an expiry follows the clock within this.
 */
export const expiryCheckMs = 5_000;

export type ReservationsOptions = { clock: Clock; configuration: Configuration; log: Log; core: Station; store: ReservationStore };

/** An answer, and what it does once the answer has left: the statuses follow (C§5.13: the conf comes first). */
export type Answered<Status> = { status: Status; notify(): void };

const endingStatuses: readonly ChargePointStatus[] = ["Faulted", "Unavailable"];

/**
 * The Reservation profile's service (SPEC-DIGEST §13): ReserveNow and CancelReservation, the claims
 * that hold reserved connectors, and the ends of a reservation (used, expired, cancelled, Faulted or
 * Unavailable). Every change is stored before it is in effect; the statuses are told a moment later.
 */
export class Reservations implements ConnectorClaims {
  private readonly book: ReservationBook;
  private readonly listeners = new Set<() => void>();
  private readonly unsubscribers: (() => void)[] = [];
  private cancelExpiryCheck: (() => void) | undefined;
  private cancelAnnouncement: (() => void) | undefined;
  /** The held connectors the statuses were last told of. */
  private announcedHolds = "";
  private isHardwareSettled = false;
  private isStarted = false;

  constructor(private readonly options: ReservationsOptions) {
    const { clock, store } = options;
    this.book = new ReservationBook(store.load());
    // §13.1 (2): a reservation whose expiry passed while the station was off (a power loss) is over, not revived.
    for (const reservation of this.book.expiredAt(clock.now())) this.remove(reservation, "expired while the station was off");
  }

  /** Reservations by connector, then id; for diag. */
  get list(): readonly Reservation[] {
    return this.book.list;
  }

  start(): void {
    const { core } = this.options;
    this.isStarted = true;
    // Statuses count once the hardware has settled: the board still connecting at start (Faulted) ends no
    // reservation and hides none, so the boot statuses show Reserved.
    if (this.heldConnectors() !== this.announcedHolds) this.announce();
    this.unsubscribers.push(
      core.statuses.whenSettled(() => {
        this.isHardwareSettled = true;
        this.unsubscribers.push(core.statuses.onChanged((connectorId, report) => this.statusChanged(connectorId, report.status)));
        // A fault or Inoperative that stood already when the station started ends the reservation too.
        for (const connectorId of [0, ...core.sessions.connectors.map((session) => session.id)]) {
          const status = core.statuses.current(connectorId)?.status;
          if (status !== undefined) this.statusChanged(connectorId, status);
        }
      }),
    );
    this.scheduleExpiryCheck();
  }

  stop(): void {
    this.isStarted = false;
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.cancelExpiryCheck?.();
    this.cancelAnnouncement?.();
    this.cancelExpiryCheck = this.cancelAnnouncement = undefined;
  }

  /** ReserveNow (§13.1): stored before the answer; a reservation with the same id is replaced. */
  reserve(req: ReserveNowRequest): Answered<ReservationStatus> {
    const { clock, configuration, core, log, store } = this.options;
    const { reservationId, connectorId, idTag, parentIdTag } = req;
    const reservation: Reservation = { reservationId, connectorId, idTag, ...(parentIdTag === undefined ? {} : { parentIdTag }), expiryDate: new Date(req.expiryDate) };
    const status = this.book.decide(reservation, this.stationState(), clock.now(), {
      isEnabled: configuration.boolean("ReservationEnabled"),
      isConnectorZeroSupported: configuration.boolean("ReserveConnectorZeroSupported"),
      isRegistered: core.registration.status === "Accepted",
    });
    const fields = { reservationId, connectorId, idTag, expiryDate: req.expiryDate };
    if (status !== "Accepted") {
      log.info("reservation refused", { ...fields, status });
      return { status, notify() {} };
    }
    try {
      store.save(reservation);
    } catch (error) {
      log.error("reservation refused: it could not be stored", { ...fields, error });
      return { status: "Rejected", notify() {} };
    }
    const isReplacing = this.book.find(reservationId) !== undefined;
    this.book.put(reservation);
    log.info(isReplacing ? "reservation replaced" : "reservation made", fields);
    return { status, notify: () => this.changed() };
  }

  /** CancelReservation (§13.2): Accepted for a reservation this station holds, else Rejected. */
  cancel(reservationId: number): Answered<"Accepted" | "Rejected"> {
    const reservation = this.book.find(reservationId);
    if (!reservation) {
      this.options.log.info("cancel of an unknown reservation", { reservationId });
      return { status: "Rejected", notify() {} };
    }
    this.remove(reservation, "cancelled");
    return { status: "Accepted", notify: () => this.changed() };
  }

  claimOn(connectorId: number): ConnectorClaim | undefined {
    return this.book.claimOn(this.connectorStates(), connectorId);
  }

  reservationFor(connectorId: number, requester: StartRequester): number | undefined {
    return this.book.reservationFor(connectorId, requester);
  }

  onChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** §13.1 (1): the reserved user started; the StartTransaction carries the reservationId. */
  transactionStarted(tx: StartedTransaction): void {
    const reservation = tx.reservationId === undefined ? undefined : this.book.find(tx.reservationId);
    if (!reservation) return;
    this.remove(reservation, "used", { localTxId: tx.localTxId, startedOn: tx.connectorId });
    this.changed();
  }

  /** §13.1 (3): Faulted or Unavailable ends the reservations there (all of them for connector 0); other moves may change what is held. */
  private statusChanged(connectorId: number, status: ChargePointStatus): void {
    const ended = endingStatuses.includes(status) ? this.book.endedByStatus(connectorId) : [];
    for (const reservation of ended) this.remove(reservation, `${connectorId === 0 ? "station" : `connector ${connectorId}`} ${status}`);
    if (ended.length > 0) this.changed();
    else if (this.heldConnectors() !== this.announcedHolds) this.announce();
  }

  /** §13.1 (2): ends what has expired by the station's clock, then looks again at the next expiry. */
  private expire(): void {
    const expired = this.book.expiredAt(this.options.clock.now());
    for (const reservation of expired) this.remove(reservation, "expired");
    if (expired.length > 0) this.changed();
    else this.scheduleExpiryCheck();
  }

  private scheduleExpiryCheck(): void {
    this.cancelExpiryCheck?.();
    this.cancelExpiryCheck = undefined;
    const next = this.book.nextExpiry();
    if (!this.isStarted || next === undefined) return;
    const delayMs = Math.min(Math.max(0, next.getTime() - this.options.clock.now().getTime()), expiryCheckMs);
    this.cancelExpiryCheck = this.options.clock.after(delayMs, () => this.expire());
  }

  /** Out of the book at once; a store that cannot delete it is logged (a restart before its expiry would bring it back). */
  private remove(reservation: Reservation, why: string, fields: Record<string, unknown> = {}): void {
    const { reservationId, connectorId, idTag } = reservation;
    this.book.remove(reservationId);
    try {
      this.options.store.remove(reservationId);
    } catch (error) {
      this.options.log.error("ended reservation could not be removed from the store", { reservationId, error });
    }
    this.options.log.info("reservation ended", { reservationId, connectorId, idTag, why, ...fields });
  }

  private changed(): void {
    this.scheduleExpiryCheck();
    this.announce();
  }

  /**
   * Tells the station a moment later, once: a change found while a status is being published, or in the
   * middle of a start, is shown after the session's own status (Reserved → Preparing → Charging, not via Available).
   */
  private announce(): void {
    if (this.cancelAnnouncement || !this.isStarted) return;
    this.cancelAnnouncement = this.options.clock.after(0, () => {
      this.cancelAnnouncement = undefined;
      this.announcedHolds = this.heldConnectors();
      for (const listener of this.listeners) listener();
    });
  }

  private heldConnectors(): string {
    return [...this.book.holds(this.connectorStates()).keys()].sort().join(",");
  }

  private stationState(): StationState {
    const { core } = this.options;
    return { isFaulted: core.statuses.current(0)?.status === "Faulted", isUnavailable: core.availability.effective(0) === "Inoperative", connectors: this.connectorStates() };
  }

  private connectorStates(): ConnectorState[] {
    const { core } = this.options;
    return core.sessions.connectors.map((session) => ({
      connectorId: session.id,
      isFaulted: this.isHardwareSettled && core.statuses.isBlocked(session.id),
      isUnavailable: core.availability.effective(session.id) === "Inoperative",
      isIdle: session.phase.kind === "idle",
      isEvPlugged: isEvConnected(session),
    }));
  }
}
