/**
 * The hardware as the station logic sees it: one port per connector and one for the station.
 * Implemented in drivers/ (johnny-five on a Firmata or the virtual board); the station never sees a pin.
 */
import type { ChargePointErrorCode, ChargePointStatus } from "../messages/status-notification.ts";

/** IEC 61851-1 control pilot state as measured: A no EV, B connected, C charging requested, D with ventilation, E/F error. */
export type PilotState = "A" | "B" | "C" | "D" | "E" | "F";

export type MeterReading = { energyWh: number; powerW: number };

/** How bright and how often the status light blinks: the OCPP keys LightIntensity (%) and BlinkRepeat. */
export type StatusLight = { lightIntensityPct: number; blinkRepeat: number };

export type FaultSource = "contactor" | "pilot" | "board" | "emergencyStop" | "reader" | "simulated";

export type HardwareFault = {
  /** 0 = the whole station. */
  connectorId: number;
  errorCode: ChargePointErrorCode;
  /** "fault" makes the connector Faulted; a "warning" goes with its status (C§4.9: EVCommunicationError is never Faulted). */
  severity: "fault" | "warning";
  source: FaultSource;
  info?: string;
};

export type ConnectorHardwareEvents = {
  pilotChanged: { connectorId: number; state: PilotState; previous: PilotState | null };
  faultDetected: HardwareFault;
  faultCleared: HardwareFault;
};

export type StationHardwareEvents = {
  /** A card was put on the reader; once per presentation, however long it is held there. */
  cardPresented: { idTag: string };
  faultDetected: HardwareFault;
  faultCleared: HardwareFault;
};

export type Unsubscribe = () => void;

/** Why the contactor stays open: a "no" the station expects, not an exception. */
export type ContactorRefusal = "EvNotRequesting" | "Faulted" | "BoardOffline";
export type ContactorResult = { ok: true } | { ok: false; reason: ContactorRefusal };

export interface ConnectorHardware {
  readonly connectorId: number;
  readonly maxCurrentA: number;
  /** The phases the connector supplies (1 or 3); it cannot switch between them. */
  readonly phases: number;
  /** null until the first measurement. */
  readonly pilotState: PilotState | null;
  readonly isContactorClosed: boolean;
  /** What the pilot PWM offers now; null = no energy offered (100 % duty). */
  readonly offeredA: number | null;
  readonly faults: readonly HardwareFault[];
  /** Closes only while the EV requests energy (pilot C) and nothing is faulted. */
  closeContactor(): ContactorResult;
  /** Takes effect at once; the hardware also opens by itself when the EV stops requesting or a fault appears. */
  openContactor(): void;
  /** Offers `limitA` on the pilot, capped at maxCurrentA; null or below 6 A offers nothing. */
  offerCurrent(limitA: number | null): void;
  showStatus(status: ChargePointStatus, light: StatusLight): void;
  /** A card was refused here (invalid, or the connector is reserved for someone else): a short signal, then the status again. */
  showCardRefused(light: StatusLight): void;
  readMeter(): MeterReading;
  on<E extends keyof ConnectorHardwareEvents>(event: E, listener: (payload: ConnectorHardwareEvents[E]) => void): Unsubscribe;
}

export interface StationHardware {
  readonly board: "virtual" | "firmata";
  readonly isBoardConnected: boolean;
  /** Connector 1 first. */
  readonly connectors: readonly ConnectorHardware[];
  /** Faults of the whole station (connectorId 0). */
  readonly faults: readonly HardwareFault[];
  on<E extends keyof StationHardwareEvents>(event: E, listener: (payload: StationHardwareEvents[E]) => void): Unsubscribe;
  /**
   * Calls `listener` once the hardware knows the connectors' state at start: the board connected (or
   * start-up stopped waiting for it) and every pilot read (or the wait for it ended); at once when it
   * does already. Until then a connector cannot tell whether an EV is plugged in.
   */
  whenSettled(listener: () => void): Unsubscribe;
  /** Opens every contactor, withdraws every offer and shows Unavailable. */
  makeSafe(): void;
  /** makeSafe, then saves the meter registers and lets go of the board. */
  close(): Promise<void>;
}

/** Where the energy registers live between restarts; `save` is durable before it returns. */
export interface MeterPersistence {
  load(connectorId: number): number;
  save(connectorId: number, energyWh: number): void;
}
