import { Authorizer } from "./authorization/authorizer.ts";
import type { Configuration } from "./configuration/configuration.ts";
import { whenRegistered } from "./gated-central-system.ts";
import type { StationHardware } from "./hardware-ports.ts";
import { Heartbeat } from "./heartbeat.ts";
import { Metering } from "./metering/metering.ts";
import { ConnectorAvailability } from "./connectors/availability.ts";
import { ConnectorStatuses } from "./connectors/connector-statuses.ts";
import type { AdjustableClock, Availability, AuthCacheStore, AvailabilityStore, CentralSystem, Log, Outbox, TransactionStore } from "./ports.ts";
import { isEvConnected } from "./transactions/connector-session.ts";
import { recoverInterruptedTransactions } from "./transactions/power-loss.ts";
import { Registration } from "./registration.ts";
import type { StationApi } from "./station-api.ts";
import { withSendTracking } from "./sent-tracker.ts";
import type { ConnectorSession } from "./transactions/connector-session.ts";
import { OutboxDelivery } from "./transactions/outbox-delivery.ts";
import { Sessions } from "./transactions/sessions.ts";
import { TransactionControl } from "./transactions/transaction-control.ts";

/** What the station tells the Central System about itself in BootNotification. */
export type StationIdentity = {
  firmwareVersion: string;
  chargePointSerialNumber?: string;
  meterType?: string;
  meterSerialNumber?: string;
  iccid?: string;
  imsi?: string;
};

/** Everything the station logic needs from outside, built once in cli/run.ts (or by a test). */
export type StationContext = {
  clock: AdjustableClock;
  csms: CentralSystem;
  configuration: Configuration;
  log: Log;
  hardware: StationHardware;
  stores: { transactions: TransactionStore; outbox: Outbox; authCache: AuthCacheStore; availability: AvailabilityStore };
};

export const chargePointVendor = "CASTPRO";
export const chargePointModel = "CSC-22B7";

/** The Core profile's behaviour, built from ports only. */
export class Station implements StationApi {
  readonly registration: Registration;
  readonly authorizer: Authorizer;
  readonly sessions: Sessions;
  readonly metering: Metering;
  readonly delivery: OutboxDelivery;
  readonly availability: ConnectorAvailability;
  readonly statuses: ConnectorStatuses;
  private readonly control: TransactionControl;
  private readonly heartbeat: Heartbeat;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly resetListeners = new Set<(type: "Hard" | "Soft") => void>();
  private pendingReset: "Hard" | "Soft" | undefined;

  constructor(private readonly context: StationContext, identity: StationIdentity) {
    const { clock, configuration, log, hardware, stores } = context;
    const csms = withSendTracking(context.csms, clock);
    this.registration = new Registration({ identity: { chargePointVendor, chargePointModel, ...identity }, csms, clock, configuration, log });
    const isRegistered = () => this.registration.status === "Accepted";
    const registered = whenRegistered(csms, isRegistered);
    this.heartbeat = new Heartbeat({ csms, lastSentAt: csms.lastSentAt, clock, configuration, log, isAccepted: isRegistered });
    this.authorizer = new Authorizer({ csms: registered, clock, configuration, cache: stores.authCache, log });
    const queued = () => this.delivery.wake();
    this.metering = new Metering({
      clock, configuration, transactions: stores.transactions, outbox: stores.outbox, log, queued,
      connectorIds: hardware.connectors.map((c) => c.connectorId),
      snapshot: (connectorId) => this.meterSnapshot(connectorId),
    });
    this.availability = new ConnectorAvailability({
      connectorCount: hardware.connectors.length,
      store: stores.availability,
      // Built before the sessions: at that moment no transaction runs (interrupted ones are stopped at start).
      hasTransaction: (connectorId) => this.sessions?.hasTransaction(connectorId) ?? false,
    });
    this.statuses = new ConnectorStatuses({ hardware, availability: this.availability, csms: registered, registration: this.registration, configuration, clock, log });
    this.control = new TransactionControl({
      clock, configuration, transactions: stores.transactions, metering: this.metering, log, queued,
      mayDeliverEnergy: (connectorId) => !this.statuses.isBlocked(connectorId),
      transactionEnded: (connectorId) => this.availability.transactionEnded(connectorId),
      changed: (session) => this.sessionChanged(session),
    });
    this.sessions = new Sessions(hardware.connectors, {
      clock, configuration, authorizer: this.authorizer, outbox: stores.outbox, control: this.control, log,
      mayStartOn: (connectorId) => this.availability.isAvailableForCharging(connectorId) && !this.statuses.isBlocked(connectorId),
      changed: (session) => this.sessionChanged(session),
    });
    this.delivery = new OutboxDelivery({
      outbox: stores.outbox, csms, clock, configuration, log, isRegistered,
      onStartAnswered: (localTxId, response) => this.sessions.startAnswered(localTxId, response),
      onStopAnswered: (message, response) => {
        if (response.idTagInfo && message.action === "StopTransaction" && message.payload.idTag) this.authorizer.learn(message.payload.idTag, response.idTagInfo);
      },
    });
    this.registration.onAccepted(() => {
      this.heartbeat.schedule();
      this.delivery.wake();
    });
  }

  /** Stops what a power loss left running (§8.8), then listens to the hardware and registers. */
  start(): void {
    const { hardware, stores, log } = this.context;
    recoverInterruptedTransactions(stores.transactions, log);
    for (const connector of hardware.connectors) {
      this.unsubscribers.push(connector.on("pilotChanged", ({ connectorId, previous }) => this.sessions.pilotChanged(connectorId, previous)));
      // An EV plugged in across a reset or power loss was read before anyone listened: it is a plug (TC_015, TC_032_2).
      if (connector.pilotState !== null) this.sessions.pilotChanged(connector.connectorId, null);
    }
    this.unsubscribers.push(hardware.on("cardPresented", ({ idTag }) => void this.sessions.cardPresented(idTag)));
    this.unsubscribers.push(
      hardware.on("faultDetected", (fault) => {
        if (fault.source === "emergencyStop") this.sessions.stopAll("EmergencyStop");
        this.energyConditionsChanged();
      }),
      hardware.on("faultCleared", () => this.energyConditionsChanged()),
    );
    for (const connector of hardware.connectors) {
      this.unsubscribers.push(connector.on("faultDetected", () => this.energyConditionsChanged()), connector.on("faultCleared", () => this.energyConditionsChanged()));
    }
    this.metering.start();
    this.registration.start();
  }

  /** A clean shutdown ends running transactions as a local reboot (C§7.36 Reboot) before the hardware is made safe. */
  stop(reason: "Reboot" | "HardReset" | "SoftReset" = "Reboot"): void {
    this.sessions.stopAll(reason);
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
    this.registration.stop();
    this.heartbeat.stop();
    this.metering.stop();
    this.delivery.stop();
    this.statuses.stop();
  }

  changeAvailability(connectorId: number, availability: Availability): "Accepted" | "Rejected" | "Scheduled" {
    return this.availability.change(connectorId, availability);
  }

  get numberOfConnectors(): number {
    return this.context.hardware.connectors.length;
  }

  get maxConfigurationKeys(): number {
    return this.context.configuration.integer("GetConfigurationMaxKeys");
  }

  readConfiguration(keys?: readonly string[]) {
    return this.context.configuration.read(keys);
  }

  changeConfiguration(key: string, value: string) {
    return this.context.configuration.change(key, value);
  }

  remoteStart(idTag: string, connectorId: number | undefined): "Accepted" | "Rejected" {
    // §4 [impl]: the Central System may not start transactions while the registration is Pending.
    if (this.registration.status !== "Accepted") return "Rejected";
    return this.sessions.remoteStart(idTag, connectorId);
  }

  remoteStop(transactionId: number): "Accepted" | "Rejected" {
    if (this.registration.status !== "Accepted") return "Rejected";
    return this.sessions.remoteStop(transactionId);
  }

  clearCache(): "Accepted" | "Rejected" {
    return this.authorizer.clearCache();
  }

  scheduleReset(type: "Hard" | "Soft"): boolean {
    if (this.pendingReset === undefined) {
      this.pendingReset = type;
      for (const listener of this.resetListeners) listener(type);
    }
    return true;
  }

  /** The process restarts the firmware when this fires (after the Reset.conf has left). */
  onResetRequested(listener: (type: "Hard" | "Soft") => void): () => void {
    this.resetListeners.add(listener);
    return () => this.resetListeners.delete(listener);
  }

  private meterSnapshot(connectorId: number) {
    const connectors = this.context.hardware.connectors.filter((c) => connectorId === 0 || c.connectorId === connectorId);
    const readings = connectors.map((c) => ({ ...c.readMeter(), offeredA: c.offeredA }));
    return {
      energyWh: readings.reduce((sum, r) => sum + r.energyWh, 0),
      powerW: readings.reduce((sum, r) => sum + r.powerW, 0),
      offeredA: connectorId === 0 ? null : (readings[0]?.offeredA ?? null),
    };
  }

  /** Faults came or went: energy follows at once (the hardware also opens by itself on a fault). */
  private energyConditionsChanged(): void {
    for (const session of this.sessions.connectors) if (session.phase.kind === "transaction") this.control.applyEnergy(session);
  }

  private sessionChanged(session: ConnectorSession): void {
    const phase = session.phase;
    const situation =
      phase.kind === "transaction"
        ? { kind: phase.kind, isEnergyOffered: this.control.isEnergyAllowed(session) && !this.statuses.isBlocked(session.id), isEvDrawing: session.hw.isContactorClosed }
        : { kind: phase.kind };
    this.statuses.update(session.id, { isEvPlugged: isEvConnected(session), session: situation });
  }
}
