import type { ConnectorConfig } from "../src/config/hardware.ts";
import type { PilotState } from "../src/station/hardware-ports.ts";
import type { Clock } from "../src/station/ports.ts";
import { currentForDuty, rawFromPilotVolts } from "./control-pilot.ts";
import type { VirtualIO } from "./virtual-io.ts";

export type ContactorDefect = "welded" | "stuckOpen";

/** What survives a restart of the simulation, as the physical world would. */
export type VirtualConnectorState = {
  isPlugged: boolean;
  isSuspended: boolean;
  /** An EV-side error: the EV pulls the pilot to 0 V (state E). */
  isEvFaulted: boolean;
  contactorDefect: ContactorDefect | null;
  /** The true energy that went through, of which the S0 output has pulsed every whole step. */
  energyWh: number;
};

export const emptyConnectorState: VirtualConnectorState = { isPlugged: false, isSuspended: false, isEvFaulted: false, contactorDefect: null, energyWh: 0 };

export type VirtualConnectorSetup = {
  io: VirtualIO;
  config: ConnectorConfig;
  mainsVoltageV: number;
  phases: number;
  impulsesPerKWh: number;
  clock: Clock;
  state: VirtualConnectorState;
  /** The main contacts follow the coil after this long; the feedback contact with them. */
  travelMs?: number;
};

const pilotVolts: Record<PilotState, number> = { A: 12, B: 9, C: 6, D: 3, E: 0, F: -12 };
const maxPulseWidthMs = 30;

/**
 * One connector's electrical surroundings: the contactor's contacts and feedback, the EV on the cable
 * and what it puts on the pilot, and the S0 meter that pulses the energy flowing through.
 */
export class VirtualConnector {
  private readonly state: VirtualConnectorState;
  private readonly stopWatching: () => void;
  private isCoilOn = false;
  private areContactsClosed = false;
  private offeredA: number | null = null;
  private lastSettledMs: number;
  private pulsesSent: number;
  private cancelTravel: (() => void) | null = null;
  private cancelPulse: (() => void) | null = null;
  private cancelPulseEnd: (() => void) | null = null;

  constructor(private readonly setup: VirtualConnectorSetup) {
    this.state = { ...setup.state };
    this.lastSettledMs = setup.clock.now().getTime();
    this.pulsesSent = Math.floor(this.state.energyWh * this.pulsesPerWh + 1e-9);
    this.stopWatching = setup.io.onOutput((pin, value) => this.onOutput(pin, value));
    this.update();
  }

  get snapshot(): VirtualConnectorState {
    this.settle();
    return { ...this.state };
  }

  get pilotState(): PilotState {
    if (this.state.isEvFaulted) return "E";
    if (!this.state.isPlugged) return "A";
    const wantsEnergy = !this.state.isSuspended && this.offeredA !== null;
    return wantsEnergy ? "C" : "B";
  }

  /** The power the station allows: its PWM offer (never above the connector's rating) at mains voltage. */
  get powerW(): number {
    if (!this.areContactsClosed || this.pilotState !== "C" || this.offeredA === null) return 0;
    return Math.min(this.setup.config.maxCurrentA, this.offeredA) * this.setup.mainsVoltageV * this.setup.phases;
  }

  change(patch: Partial<Omit<VirtualConnectorState, "energyWh">>): void {
    this.settle();
    Object.assign(this.state, patch);
    if (patch.contactorDefect !== undefined) this.moveContacts();
    this.update();
  }

  close(): void {
    this.settle();
    this.stopWatching();
    this.cancelTravel?.();
    this.cancelPulse?.();
    this.cancelPulseEnd?.();
  }

  private get pulsesPerWh(): number {
    return this.setup.impulsesPerKWh / 1000;
  }

  private onOutput(pin: number, value: number): void {
    const { config, io } = this.setup;
    if (pin === config.relayPin && this.isCoilOn !== (value === 1)) {
      this.isCoilOn = value === 1;
      this.cancelTravel?.();
      this.cancelTravel = this.setup.clock.after(this.setup.travelMs ?? 20, () => this.moveContacts());
    } else if (pin === config.pilotPwmPin) {
      this.settle();
      this.offeredA = currentForDuty((value / io.RESOLUTION.PWM) * 100);
      this.update();
    }
  }

  private moveContacts(): void {
    this.cancelTravel = null;
    this.settle();
    const defect = this.state.contactorDefect;
    this.areContactsClosed = defect === "welded" ? true : defect === "stuckOpen" ? false : this.isCoilOn;
    this.setup.io.setDigitalInput(this.setup.config.feedbackPin, this.areContactsClosed ? 1 : 0);
    this.update();
  }

  /** Puts the EV's pilot level on the analog input and schedules the next meter pulse at the new power. */
  private update(): void {
    const { io, config } = this.setup;
    io.setAnalogInput(Number(config.pilotAnalogPin.slice(1)), rawFromPilotVolts(pilotVolts[this.pilotState], io.RESOLUTION.ADC));
    this.schedulePulse();
  }

  private settle(): void {
    const nowMs = this.setup.clock.now().getTime();
    this.state.energyWh += (this.powerW * (nowMs - this.lastSettledMs)) / 3_600_000;
    this.lastSettledMs = nowMs;
  }

  private schedulePulse(): void {
    this.cancelPulse?.();
    this.cancelPulse = null;
    const powerW = this.powerW;
    if (powerW <= 0) return;
    const nextPulseWh = (this.pulsesSent + 1) / this.pulsesPerWh;
    const waitMs = Math.max(0, ((nextPulseWh - this.state.energyWh) / powerW) * 3_600_000);
    this.cancelPulse = this.setup.clock.after(waitMs, () => {
      this.settle();
      this.state.energyWh = Math.max(this.state.energyWh, nextPulseWh);
      this.pulsesSent++;
      this.pulse(Math.min(maxPulseWidthMs, 1_800_000 / (powerW * this.pulsesPerWh)));
      this.schedulePulse();
    });
  }

  private pulse(widthMs: number): void {
    const { io, config, clock } = this.setup;
    io.setDigitalInput(config.meterPulsePin, 1);
    this.cancelPulseEnd = clock.after(widthMs, () => io.setDigitalInput(config.meterPulsePin, 0));
  }
}
