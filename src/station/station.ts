import { Authorizer } from "./authorization/authorizer.ts";
import type { Configuration } from "./configuration/configuration.ts";
import { whenRegistered } from "./gated-central-system.ts";
import type { StationHardware } from "./hardware-ports.ts";
import { Heartbeat } from "./heartbeat.ts";
import { Metering } from "./metering/metering.ts";
import { ConnectorAvailability } from "./connectors/availability.ts";
import { ConnectorStatuses } from "./connectors/connector-statuses.ts";
import type { AnyDeliveryRule } from "./delivery/delivery-rule.ts";
import { OutboxDelivery } from "./delivery/outbox-delivery.ts";
import type { StationHooks } from "./hooks.ts";
import type { StationLifecycle } from "./lifecycle.ts";
import type { AdjustableClock, AuthCacheStore, AvailabilityStore, CentralSystem, DurableMessage, Log, Outbox, StorageHealth, TransactionStore } from "./ports.ts";
import { isEvConnected } from "./transactions/connector-session.ts";
import { recoverInterruptedTransactions } from "./transactions/power-loss.ts";
import { Registration } from "./registration.ts";
import { withSendTracking } from "./sent-tracker.ts";
import type { ConnectorSession } from "./transactions/connector-session.ts";
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

/** Everything the station logic needs from outside, built once by src/profiles/build-station.ts (or by a test). */
export type StationContext = {
  clock: AdjustableClock;
  csms: CentralSystem;
  configuration: Configuration;
  log: Log;
  hardware: StationHardware;
  stores: { transactions: TransactionStore; outbox: Outbox; authCache: AuthCacheStore; availability: AvailabilityStore };
  /** A full storage refuses new transactions and is reported on connector 0. */
  storage: StorageHealth;
  /** The slots the registered profiles fill (authorization sources, claims, limits, observers). */
  hooks: StationHooks;
  lifecycle: StationLifecycle;
  /** The delivery rule of every durable action, the core's own transaction messages included. */
  deliveryRules: Map<string, AnyDeliveryRule>;
};

/** The clock with every `adjust` told to `adjusted`, with the time before and after. */
function reportingAdjustments(clock: AdjustableClock, adjusted: (from: Date, to: Date) => void): AdjustableClock {
  return {
    now: () => clock.now(),
    after: (ms, fn) => clock.after(ms, fn),
    adjust(to) {
      const from = clock.now();
      clock.adjust(to);
      adjusted(from, to);
    },
  };
}

export const chargePointVendor = "CASTPRO";
export const chargePointModel = "CSC-22B7";

/** The Core profile's behaviour, built from ports only; the other profiles plug into its hooks. */
export class Station {
  readonly registration: Registration;
  readonly authorizer: Authorizer;
  readonly sessions: Sessions;
  readonly metering: Metering;
  readonly delivery: OutboxDelivery;
  readonly availability: ConnectorAvailability;
  readonly statuses: ConnectorStatuses;
  readonly heartbeat: Heartbeat;
  /** The Central System as the station sends to it: every CALL counts as a sign of life (C§4.6). Not gated by registration. */
  readonly centralSystem: CentralSystem;
  private readonly control: TransactionControl;
  private readonly unsubscribers: (() => void)[] = [];

  constructor(private readonly context: StationContext, identity: StationIdentity) {
    const { configuration, log, hardware, stores, hooks } = context;
    // The Central System's time (BootNotification, Heartbeat) is told to the hooks as it is set (SettingSystemTime).
    const clock = reportingAdjustments(context.clock, (from, to) => hooks.tellClockSet(from, to));
    const csms = withSendTracking(context.csms, clock);
    this.centralSystem = csms;
    this.registration = new Registration({ identity: { chargePointVendor, chargePointModel, ...identity }, csms, clock, configuration, log });
    const isRegistered = () => this.registration.status === "Accepted";
    const registered = whenRegistered(csms, isRegistered);
    this.heartbeat = new Heartbeat({ csms, lastSentAt: csms.lastSentAt, clock, configuration, log, isAccepted: isRegistered });
    this.authorizer = new Authorizer({ csms: registered, clock, configuration, cache: stores.authCache, sources: hooks.authorizationSources, log });
    const queued = () => this.delivery.wake();
    this.metering = new Metering({
      clock, configuration, transactions: stores.transactions, outbox: stores.outbox, log, queued, storage: context.storage,
      connectorIds: hardware.connectors.map((c) => c.connectorId),
      snapshot: (connectorId) => this.meterSnapshot(connectorId),
      sampled: (tx, snapshot, at) => hooks.tellObservers("sampled", (observer) => observer.sampled?.(tx, snapshot, at)),
    });
    this.availability = new ConnectorAvailability({
      connectorCount: hardware.connectors.length,
      store: stores.availability,
      // Built before the sessions: at that moment no transaction runs (interrupted ones are stopped at start).
      hasTransaction: (connectorId) => this.sessions?.hasTransaction(connectorId) ?? false,
    });
    // The reporter itself holds back what registration forbids; a TriggerMessage while Pending may still ask for a status (§15).
    this.statuses = new ConnectorStatuses({
      hardware, availability: this.availability, csms, registration: this.registration, configuration, clock, log, storage: context.storage,
      isReserved: (connectorId) => hooks.claimOn(connectorId) !== undefined,
    });
    this.control = new TransactionControl({
      clock, configuration, transactions: stores.transactions, metering: this.metering, hooks, log, queued,
      mayDeliverEnergy: (connectorId) => !this.statuses.isBlocked(connectorId),
      transactionEnded: (connectorId) => this.availability.transactionEnded(connectorId),
      changed: (session) => this.sessionChanged(session),
    });
    this.sessions = new Sessions(hardware.connectors, {
      clock, configuration, authorizer: this.authorizer, outbox: stores.outbox, control: this.control, hooks, log,
      mayStartOn: (connectorId) => this.availability.isAvailableForCharging(connectorId) && !this.statuses.isBlocked(connectorId) && !context.storage.isFull,
      changed: (session) => this.sessionChanged(session),
    });
    this.delivery = new OutboxDelivery({ outbox: stores.outbox, csms, clock, log, isRegistered, rules: context.deliveryRules });
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
    const { hooks } = this.context;
    for (const limiter of hooks.currentLimiters) this.unsubscribers.push(limiter.onChanged(() => this.energyConditionsChanged()));
    for (const claims of hooks.connectorClaims) this.unsubscribers.push(claims.onChanged(() => this.claimsChanged()));
    // Claims a profile restored from its store were not there when the statuses were first derived.
    this.statuses.claimsChanged();
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

  get numberOfConnectors(): number {
    return this.context.hardware.connectors.length;
  }

  get configuration(): Configuration {
    return this.context.configuration;
  }

  get lifecycle(): StationLifecycle {
    return this.context.lifecycle;
  }

  /** Queues a profile's message durably (it must have a delivery rule) and wakes delivery. */
  enqueue(message: DurableMessage, localTxId: number | null = null): void {
    if (!this.context.deliveryRules.has(message.action)) throw new Error(`${message.action} has no delivery rule`);
    this.context.stores.outbox.append(message, localTxId);
    this.delivery.wake();
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

  /** A session held back by a claim that ended goes on; then the statuses show the claims. */
  private claimsChanged(): void {
    this.sessions.claimsChanged();
    this.statuses.claimsChanged();
  }

  /** Faults came or went: energy follows at once (the hardware also opens by itself on a fault). */
  private energyConditionsChanged(): void {
    for (const session of this.sessions.connectors) if (session.phase.kind === "transaction") this.control.applyEnergy(session);
  }

  private sessionChanged(session: ConnectorSession): void {
    const phase = session.phase;
    const situation =
      phase.kind === "transaction"
        ? { kind: phase.kind, isEnergyOffered: this.control.isOffering(session) && !this.statuses.isBlocked(session.id), isEvDrawing: session.hw.isContactorClosed }
        : { kind: phase.kind };
    this.statuses.update(session.id, { isEvPlugged: isEvConnected(session), session: situation });
  }
}
