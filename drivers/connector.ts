import type { Board } from "johnny-five";
import type { ConnectorConfig } from "../src/config/hardware.ts";
import { errorText } from "../src/log/logger.ts";
import type { ChargePointStatus } from "../src/messages/status-notification.ts";
import { Listeners } from "../src/station/listeners.ts";
import type {
  ConnectorHardware,
  ConnectorHardwareEvents,
  ContactorResult,
  FaultSource,
  HardwareFault,
  MeterPersistence,
  MeterReading,
  PilotState,
  StatusLight,
} from "../src/station/hardware-ports.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import { Contactor, type ContactorFault } from "./contactor.ts";
import { ControlPilot, minOfferA } from "./control-pilot.ts";
import { S0EnergyMeter, type EnergyMeter } from "./energy-meter.ts";
import { boardLost, FaultSet, type FaultReport } from "./fault-set.ts";
import { selfTestConnector, type SelfTestItem } from "./self-test.ts";
import { StatusLed } from "./status-led.ts";

export type ConnectorSetup = {
  connectorId: number;
  config: ConnectorConfig;
  impulsesPerKWh: number;
  phases: number;
  persistence: MeterPersistence;
  clock: Clock;
  log: Log;
  /** A station-wide fault (emergency stop, board gone, station fault) keeps every contactor open. */
  isStationBlocked(): boolean;
  /** `samplingMs` changed: the board's sampling interval may have to follow. */
  samplingChanged?(): void;
};

type Drivers = { contactor: Contactor; pilot: ControlPilot; led: StatusLed; meter: EnergyMeter };

/** What `diag` shows of one connector's parts; `contactor` is null while the board is away. */
export type ConnectorDiagnostics = {
  connectorId: number;
  pilotState: PilotState | null;
  pilotVolts: number | null;
  contactor: { isCommandedClosed: boolean; isFeedbackClosed: boolean | null; fault: ContactorFault | null } | null;
  offeredA: number | null;
  meter: MeterReading;
  faults: readonly HardwareFault[];
};

const contactorFaultInfo: Record<ContactorFault, string> = { welded: "contactor welded", stuckOpen: "contactor does not close" };

/**
 * One connector's hardware port. Its drivers live as long as the board link; the port keeps what must
 * outlast a reconnect (offer, status light, faults) and puts it back on the new board.
 */
export class Connector implements ConnectorHardware {
  readonly connectorId: number;
  readonly maxCurrentA: number;
  readonly phases: number;
  private readonly events: Listeners<ConnectorHardwareEvents>;
  private readonly faultSet: FaultSet;
  private drivers: Drivers | null = null;
  private offer: number | null = null;
  private shown: { status: ChargePointStatus; light: StatusLight } = { status: "Unavailable", light: { lightIntensityPct: 100, blinkRepeat: 3 } };
  private pilot: PilotState | null = null;
  private lastReading: MeterReading;

  constructor(private readonly setup: ConnectorSetup) {
    this.connectorId = setup.connectorId;
    this.maxCurrentA = setup.config.maxCurrentA;
    this.phases = setup.phases;
    this.events = new Listeners((event, error) => setup.log.error("hardware event listener failed", { event, error: errorText(error) }));
    this.lastReading = { energyWh: setup.persistence.load(setup.connectorId), powerW: 0 };
    this.faultSet = new FaultSet(setup.connectorId);
    this.faultSet.set("board", boardLost);
  }

  get pilotState(): PilotState | null {
    return this.pilot;
  }

  get isContactorClosed(): boolean {
    return this.drivers?.contactor.isClosed ?? false;
  }

  get offeredA(): number | null {
    return this.offer;
  }

  /** How often this connector's pilot needs the board's reports now (control-pilot.ts, `pilotSampling`); null without a board. */
  get samplingMs(): number | null {
    return this.drivers?.pilot.samplingMs ?? null;
  }

  get faults(): readonly HardwareFault[] {
    return this.faultSet.list;
  }

  on<E extends keyof ConnectorHardwareEvents>(event: E, listener: (payload: ConnectorHardwareEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  closeContactor(): ContactorResult {
    if (!this.drivers) return { ok: false, reason: "BoardOffline" };
    if (this.isBlocked()) return { ok: false, reason: "Faulted" };
    // IEC 61851-1: the contactor may only be closed while the EV requests energy.
    if (this.pilot !== "C") return { ok: false, reason: "EvNotRequesting" };
    return this.drivers.contactor.close() ? { ok: true } : { ok: false, reason: "Faulted" };
  }

  openContactor(): void {
    this.drivers?.contactor.open();
  }

  offerCurrent(limitA: number | null): void {
    this.offer = limitA === null || !(limitA >= minOfferA) ? null : Math.min(limitA, this.maxCurrentA);
    this.drivers?.pilot.offer(this.offer);
  }

  showStatus(status: ChargePointStatus, light: StatusLight): void {
    this.shown = { status, light: { ...light } };
    this.drivers?.led.show(status, light);
  }

  showCardRefused(light: StatusLight): void {
    this.drivers?.led.showCardRefused(light);
  }

  readMeter(): MeterReading {
    if (this.drivers) this.lastReading = this.drivers.meter.read();
    return this.lastReading;
  }

  diagnostics(): ConnectorDiagnostics {
    const contactor = this.drivers?.contactor;
    return {
      connectorId: this.connectorId,
      pilotState: this.pilot,
      pilotVolts: this.drivers?.pilot.volts ?? null,
      contactor: contactor ? { isCommandedClosed: contactor.isClosed, isFeedbackClosed: contactor.feedback, fault: contactor.fault } : null,
      offeredA: this.offer,
      meter: this.readMeter(),
      faults: this.faults,
    };
  }

  /** LED, pilot, contactor and meter checks, then the faults still standing; the caller makes sure no transaction runs here. */
  async selfTest(): Promise<SelfTestItem[]> {
    const items = await selfTestConnector(this.connectorId, this.drivers, this.setup.clock);
    const faults = this.faults.map((fault) => `${fault.errorCode}${fault.info ? ` (${fault.info})` : ""}`);
    const standing = faults.length === 0 ? { result: "pass" as const, detail: "none" } : { result: "fail" as const, detail: faults.join(", ") };
    return [...items, { connectorId: this.connectorId, item: "faults", ...standing }];
  }

  makeSafe(): void {
    this.openContactor();
    this.offerCurrent(null);
    this.showStatus("Unavailable", this.shown.light);
  }

  /** Raises, replaces or (null) clears the fault this source reports; a blocking fault opens the contactor first. */
  setFault(source: FaultSource, report: FaultReport | null): void {
    const change = this.faultSet.set(source, report);
    if (change?.fault?.severity === "fault") this.openContactor();
    if (change?.previous) this.events.emit("faultCleared", change.previous);
    if (change?.fault) this.events.emit("faultDetected", change.fault);
  }

  /** Builds the drivers on a (re)connected board and puts the offer and status light back. */
  attach(board: Board): void {
    const { config, clock, log, connectorId } = this.setup;
    this.drivers = {
      contactor: new Contactor({
        board,
        relayPin: config.relayPin,
        feedbackPin: config.feedbackPin,
        clock,
        onFaultChanged: (fault) => this.setFault("contactor", fault && { errorCode: "PowerSwitchFailure", severity: "fault", info: contactorFaultInfo[fault] }),
      }),
      pilot: new ControlPilot({
        board,
        pwmPin: config.pilotPwmPin,
        analogChannel: Number(config.pilotAnalogPin.slice(1)),
        onStateChanged: (state, previous) => this.onPilotChanged(state, previous),
        onSamplingChanged: () => this.setup.samplingChanged?.(),
      }),
      led: new StatusLed({ board, pins: config.ledPins, clock }),
      meter: new S0EnergyMeter({ board, pin: config.meterPulsePin, connectorId, impulsesPerKWh: this.setup.impulsesPerKWh, persistence: this.setup.persistence, clock, log }),
    };
    this.drivers.pilot.offer(this.offer);
    this.drivers.led.show(this.shown.status, this.shown.light);
    this.setFault("board", null);
  }

  /** Drops the drivers: on a lost link (the connector is faulted until the board is back) or on close. */
  detach(isLinkLost: boolean): void {
    if (this.drivers) {
      this.lastReading = { energyWh: this.drivers.meter.read().energyWh, powerW: 0 };
      const { contactor, pilot, led, meter } = this.drivers;
      this.drivers = null;
      contactor.dispose();
      pilot.dispose();
      led.dispose();
      meter.close();
    }
    if (isLinkLost) this.setFault("board", boardLost);
  }

  private isBlocked(): boolean {
    return this.setup.isStationBlocked() || this.faultSet.isBlocking;
  }

  private onPilotChanged(state: PilotState, previous: PilotState | null): void {
    // IEC 61851-1: when the EV stops requesting (C → B), the supply is switched off at once.
    if (state !== "C") this.openContactor();
    this.pilot = state;
    const isPilotError = state === "E" || state === "F";
    this.setFault("pilot", isPilotError ? { errorCode: "EVCommunicationError", severity: "warning", info: `control pilot in state ${state}` } : null);
    this.events.emit("pilotChanged", { connectorId: this.connectorId, state, previous });
  }
}
