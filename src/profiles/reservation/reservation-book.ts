import type { ReservationStatus } from "../../messages/reserve-now.ts";
import { sameIdTag, sameParentIdTag } from "../../station/authorization/id-tag.ts";
import type { ConnectorClaim, StartRequester } from "../../station/hooks.ts";

/** A reservation as the Central System made it (ReserveNow); connectorId 0 = any connector of the station. */
export type Reservation = { reservationId: number; connectorId: number; idTag: string; parentIdTag?: string; expiryDate: Date };

/** Where reservations are kept across restarts and power loss; each call is durable before it returns. */
export interface ReservationStore {
  load(): Reservation[];
  /** Adds the reservation, or replaces the one with its reservationId. */
  save(reservation: Reservation): void;
  remove(reservationId: number): void;
}

/** What the book needs to know of a connector (> 0) now. */
export type ConnectorState = {
  connectorId: number;
  isFaulted: boolean;
  isUnavailable: boolean;
  /** No usage: no tag waiting, no transaction, not Finishing (an EV a claim keeps waiting may be plugged in). */
  isIdle: boolean;
  isEvPlugged: boolean;
};

/** The station (connector 0) and its connectors, as a ReserveNow is decided. */
export type StationState = { isFaulted: boolean; isUnavailable: boolean; connectors: readonly ConnectorState[] };

/** The operator's switches (keys) and the registration, which ReserveNow depends on. */
export type ReservationRules = { isEnabled: boolean; isConnectorZeroSupported: boolean; isRegistered: boolean };

/** §13.1: the reserved idTag, or a tag of the reservation's group (by parentIdTag, never compared with an idTag: C§3.10). */
export function admits(reservation: Reservation, requester: StartRequester): boolean {
  return sameIdTag(reservation.idTag, requester.idTag) || sameParentIdTag(reservation.parentIdTag, requester.parentIdTag);
}

/**
 * The reservations of a station, and the rules of SPEC-DIGEST §13 over them: which ReserveNow is
 * accepted, which connectors they hold, which start uses which reservation. Pure: time and the
 * connectors' states are given.
 */
export class ReservationBook {
  private readonly byId = new Map<number, Reservation>();

  constructor(reservations: readonly Reservation[] = []) {
    for (const reservation of reservations) this.byId.set(reservation.reservationId, reservation);
  }

  /** By connector, then reservationId. */
  get list(): Reservation[] {
    return [...this.byId.values()].sort((a, b) => a.connectorId - b.connectorId || a.reservationId - b.reservationId);
  }

  find(reservationId: number): Reservation | undefined {
    return this.byId.get(reservationId);
  }

  /** Adds it, or replaces the reservation with its reservationId (§13.1). */
  put(reservation: Reservation): void {
    this.byId.set(reservation.reservationId, reservation);
  }

  remove(reservationId: number): void {
    this.byId.delete(reservationId);
  }

  /** ReserveNow's answer (§13.1); the reservation with the same reservationId does not count against its replacement. */
  decide(request: Reservation, station: StationState, now: Date, rules: ReservationRules): ReservationStatus {
    const { connectorId } = request;
    const isKnownConnector = connectorId === 0 || station.connectors.some((c) => c.connectorId === connectorId);
    // [impl] not registered (Pending: the CS may only configure), switched off, no such connector, or already over
    // (a leap second, 23:59:60, is no Date: Rejected too).
    const isInFuture = request.expiryDate.getTime() > now.getTime();
    if (!rules.isRegistered || !rules.isEnabled || !isKnownConnector || !isInFuture) return "Rejected";
    if (connectorId === 0 && !rules.isConnectorZeroSupported) return "Rejected";
    const others = new ReservationBook(this.list.filter((r) => r.reservationId !== request.reservationId));
    return connectorId === 0 ? others.decideForStation(station) : others.decideForConnector(connectorId, station);
  }

  /**
   * The connectors held now, with the reservations each admits: a reserved connector for its
   * reservation; and while the reservations of connector 0 need every usable connector left, those
   * connectors for any of them (SPEC-DIGEST §13.1 [impl]: the last free connector is held and Reserved).
   */
  holds(connectors: readonly ConnectorState[]): Map<number, Reservation[]> {
    const held = new Map<number, Reservation[]>();
    for (const reservation of this.list) if (reservation.connectorId > 0) held.set(reservation.connectorId, [reservation]);
    const forStation = this.forStation();
    const left = this.leftForStation(connectors, (c) => c.isIdle);
    if (forStation.length > 0 && left.length <= forStation.length) for (const c of left) held.set(c.connectorId, forStation);
    return held;
  }

  claimOn(connectors: readonly ConnectorState[], connectorId: number): ConnectorClaim | undefined {
    const held = this.holds(connectors).get(connectorId);
    if (!held) return undefined;
    return { admits: (requester) => held.some((r) => admits(r, requester)), isForGroup: held.some((r) => r.parentIdTag !== undefined) };
  }

  /** §13.1: the reservation of this connector, else one of connector 0, that admits the requester. */
  reservationFor(connectorId: number, requester: StartRequester): number | undefined {
    const candidates = [...this.list.filter((r) => r.connectorId === connectorId), ...this.forStation()];
    return candidates.find((r) => admits(r, requester))?.reservationId;
  }

  /** §13.1 (3): what ends when connector 0 (all of them) or one connector becomes Faulted or Unavailable. */
  endedByStatus(connectorId: number): Reservation[] {
    return connectorId === 0 ? this.list : this.list.filter((r) => r.connectorId === connectorId);
  }

  /** §13.1 (2): those whose expiryDate has come. */
  expiredAt(now: Date): Reservation[] {
    return this.list.filter((r) => r.expiryDate.getTime() <= now.getTime());
  }

  nextExpiry(): Date | undefined {
    const times = this.list.map((r) => r.expiryDate.getTime());
    return times.length === 0 ? undefined : new Date(Math.min(...times));
  }

  private decideForConnector(connectorId: number, station: StationState): ReservationStatus {
    const connector = station.connectors.find((c) => c.connectorId === connectorId)!;
    if (station.isFaulted || connector.isFaulted) return "Faulted";
    if (station.isUnavailable || connector.isUnavailable) return "Unavailable";
    // In use (a tag, an EV, a transaction, Finishing) or reserved for another reservation.
    if (!isFree(connector) || this.list.some((r) => r.connectorId === connectorId)) return "Occupied";
    // The reservations of connector 0 must still find a connector each.
    const left = this.leftForStation(station.connectors, (c) => c.isIdle && c.connectorId !== connectorId);
    return left.length >= this.forStation().length ? "Accepted" : "Occupied";
  }

  private decideForStation(station: StationState): ReservationStatus {
    if (station.isFaulted) return "Faulted";
    if (station.isUnavailable) return "Unavailable";
    const working = station.connectors.filter((c) => !c.isFaulted && !c.isUnavailable);
    if (working.length === 0) return station.connectors.every((c) => c.isFaulted) ? "Faulted" : "Unavailable";
    return this.leftForStation(station.connectors, isFree).length > this.forStation().length ? "Accepted" : "Occupied";
  }

  private forStation(): Reservation[] {
    return this.list.filter((r) => r.connectorId === 0);
  }

  /** The usable connectors no reservation of their own holds. */
  private leftForStation(connectors: readonly ConnectorState[], isUsable: (c: ConnectorState) => boolean): ConnectorState[] {
    const reserved = new Set(this.list.map((r) => r.connectorId));
    return connectors.filter((c) => !c.isFaulted && !c.isUnavailable && isUsable(c) && !reserved.has(c.connectorId));
  }
}

/** Free for a new reservation: working, no usage and no EV. */
function isFree(connector: ConnectorState): boolean {
  return !connector.isFaulted && !connector.isUnavailable && connector.isIdle && !connector.isEvPlugged;
}
