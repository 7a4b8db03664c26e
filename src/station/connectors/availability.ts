import type { ChangeAvailabilityResponse } from "../../messages/change-availability.ts";
import type { Availability, AvailabilityStore } from "../ports.ts";

export type ChangeAvailabilityStatus = ChangeAvailabilityResponse["status"];

/** A connector's (or, for 0, the station's) effective availability changed; `wasScheduled` when a transaction's end applied it. */
export type AvailabilityChange = { connectorId: number; availability: Availability; wasScheduled: boolean };

type Row = { availability: Availability; scheduled?: Availability | undefined };

export type ConnectorAvailabilityOptions = {
  /** Connectors 1..connectorCount; 0 is the station. */
  connectorCount: number;
  store: AvailabilityStore;
  /** Whether a transaction runs on the connector; such a connector changes only when it ends (Scheduled). */
  hasTransaction(connectorId: number): boolean;
};

/**
 * ChangeAvailability (C§5.2, SPEC-DIGEST §10.5): Operative/Inoperative per connector and for the
 * station, kept in the store so that Inoperative survives restarts. Connector 0 changes the station
 * and every connector; a connector with a transaction changes when the transaction ends.
 */
export class ConnectorAvailability {
  private readonly rows = new Map<number, Row>();
  private readonly listeners = new Set<(change: AvailabilityChange) => void>();
  /** A hold out of service (a firmware install): why, and the connectors it has taken so far. */
  private hold: { why: string; taken: Set<number> } | undefined;

  constructor(private readonly options: ConnectorAvailabilityOptions) {
    const stored = options.store.load();
    const station = stored.get(0) ?? { availability: "Operative" };
    this.rows.set(0, station);
    // A connector never stored follows the station (e.g. one added while the station was Inoperative).
    for (const connectorId of this.connectorIds()) this.rows.set(connectorId, stored.get(connectorId) ?? { availability: station.availability });
    // A change scheduled before the restart waited for a transaction that is no longer running.
    for (const connectorId of this.connectorIds()) {
      if (!options.hasTransaction(connectorId)) this.applyScheduled(connectorId);
    }
    this.settleStation();
  }

  /** Answers ChangeAvailability.req and applies what it can at once. */
  change(connectorId: number, type: Availability): ChangeAvailabilityStatus {
    const { status, notify } = this.write(connectorId, type);
    notify();
    return status;
  }

  /**
   * The change, stored and in effect for every reader; its listeners (statuses, LEDs) are told by
   * `notify`, which ChangeAvailability calls once its answer has left (the StatusNotification follows it).
   */
  write(connectorId: number, type: Availability): { status: ChangeAvailabilityStatus; notify(): void } {
    const changes: AvailabilityChange[] = [];
    const status = this.decide(connectorId, type, changes);
    return { status, notify: () => changes.forEach((change) => this.emit(change)) };
  }

  private decide(connectorId: number, type: Availability, changes: AvailabilityChange[]): ChangeAvailabilityStatus {
    if (!Number.isInteger(connectorId) || connectorId < 0 || connectorId > this.options.connectorCount) return "Rejected";
    if (connectorId === 0) return this.changeStation(type, changes);
    // [impl] one connector cannot be Operative while the whole station is, or is becoming, Inoperative.
    const station = this.row(0);
    if (type === "Operative" && (station.availability === "Inoperative" || station.scheduled === "Inoperative")) return "Rejected";
    return this.changeRow(connectorId, type, this.options.hasTransaction(connectorId), changes);
  }

  /** Call when the transaction on `connectorId` has ended: a Scheduled change takes effect (C8/D8/E8), and a hold takes the connector. */
  transactionEnded(connectorId: number): void {
    this.applyScheduled(connectorId);
    this.settleStation();
    if (this.hold) this.withChangesTold(() => this.hold?.taken.add(connectorId));
  }

  /**
   * The availability the connector's status follows. A station-wide change is applied to every
   * connector, so this is Inoperative also while the whole station is; so is a connector a hold has taken.
   */
  effective(connectorId: number): Availability {
    return this.isHeld(connectorId) ? "Inoperative" : this.row(connectorId).availability;
  }

  /** Whether a new transaction may start on the connector (never on 0, never while a hold is on). */
  isAvailableForCharging(connectorId: number): boolean {
    const isConnector = Number.isInteger(connectorId) && connectorId >= 1 && connectorId <= this.options.connectorCount;
    return isConnector && this.hold === undefined && this.effective(connectorId) === "Operative";
  }

  /**
   * Takes the station out of service for a while without storing it, e.g. while a firmware install
   * waits for the running transactions (§11.1, E3.49): no new transaction starts, idle connectors
   * become Unavailable now and busy ones when their transaction ends, the station (0) once all are.
   * `releaseHold` gives back the availability the Central System set; a restart has no hold.
   */
  holdOutOfService(why: string): void {
    if (this.hold) return;
    this.withChangesTold(() => {
      this.hold = { why, taken: new Set(this.connectorIds().filter((connectorId) => !this.options.hasTransaction(connectorId))) };
    });
  }

  releaseHold(): void {
    this.withChangesTold(() => {
      this.hold = undefined;
    });
  }

  /** Why the station is held out of service, if it is. */
  get holdReason(): string | undefined {
    return this.hold?.why;
  }

  /** The change waiting for the transaction on the connector to end, if any. */
  scheduled(connectorId: number): Availability | undefined {
    return this.rows.get(connectorId)?.scheduled;
  }

  /** Every change of an effective availability, after it is stored. */
  onChanged(listener: (change: AvailabilityChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changeStation(type: Availability, changes: AvailabilityChange[]): ChangeAvailabilityStatus {
    // §10.5 [impl]: idle connectors switch now, busy ones when their transaction ends.
    const results = this.connectorIds().map((connectorId) => this.changeRow(connectorId, type, this.options.hasTransaction(connectorId), changes));
    const isScheduled = results.includes("Scheduled");
    // The station itself follows when its last connector has switched.
    this.changeRow(0, type, isScheduled, changes);
    return isScheduled ? "Scheduled" : "Accepted";
  }

  private changeRow(connectorId: number, type: Availability, isBusy: boolean, changes: AvailabilityChange[]): ChangeAvailabilityStatus {
    const row = this.row(connectorId);
    if (row.availability === type) {
      // C§5.2: the state already in force is Accepted; it also drops an opposite change still waiting.
      if (row.scheduled !== undefined) this.store(connectorId, { availability: type });
      return "Accepted";
    }
    if (isBusy) {
      this.store(connectorId, { availability: row.availability, scheduled: type });
      return "Scheduled";
    }
    this.store(connectorId, { availability: type });
    changes.push({ connectorId, availability: type, wasScheduled: false });
    return "Accepted";
  }

  private settleStation(): void {
    if (this.row(0).scheduled === undefined) return;
    if (this.connectorIds().every((connectorId) => this.row(connectorId).scheduled === undefined)) this.applyScheduled(0);
  }

  private applyScheduled(connectorId: number): void {
    const { availability, scheduled } = this.row(connectorId);
    if (scheduled === undefined) return;
    this.store(connectorId, { availability: scheduled });
    if (scheduled !== availability) this.emit({ connectorId, availability: scheduled, wasScheduled: true });
  }

  /** C§5.2: durable before anyone sees it. */
  private store(connectorId: number, row: Row): void {
    this.options.store.save(connectorId, row.availability, row.scheduled);
    this.rows.set(connectorId, row);
  }

  private isHeld(connectorId: number): boolean {
    if (!this.hold) return false;
    return connectorId === 0 ? this.connectorIds().every((id) => this.hold!.taken.has(id)) : this.hold.taken.has(connectorId);
  }

  /** Tells every change of an effective availability that `change` makes: the connectors, then the station, as ChangeAvailability does. */
  private withChangesTold(change: () => void): void {
    const ids = [...this.connectorIds(), 0];
    const before = ids.map((connectorId) => this.effective(connectorId));
    change();
    ids.forEach((connectorId, index) => {
      const availability = this.effective(connectorId);
      if (availability !== before[index]) this.emit({ connectorId, availability, wasScheduled: false });
    });
  }

  private emit(change: AvailabilityChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private row(connectorId: number): Row {
    return this.rows.get(connectorId) ?? { availability: "Operative" };
  }

  private connectorIds(): number[] {
    return Array.from({ length: this.options.connectorCount }, (_, index) => index + 1);
  }
}
