import type { Board } from "johnny-five";
import type { PilotState } from "../src/station/hardware-ports.ts";

/** The CSC-22B7 pilot front end maps -12..+12 V linearly onto the ADC's full range. */
const frontEndMinV = -12;
const frontEndSpanV = 24;

export function pilotVoltsFromRaw(raw: number, adcMax: number): number {
  return (raw / adcMax) * frontEndSpanV + frontEndMinV;
}

export function rawFromPilotVolts(volts: number, adcMax: number): number {
  return Math.round(((volts - frontEndMinV) / frontEndSpanV) * adcMax);
}

export const minOfferA = 6;
export const maxOfferA = 51;

/** IEC 61851-1 Table A.7: 6-51 A is offered as duty = A / 0.6 %; 100 % (a steady +12 V) offers nothing. */
export function dutyForCurrent(limitA: number | null): number {
  if (limitA === null || !(limitA >= minOfferA)) return 100;
  return Math.min(limitA, maxOfferA) / 0.6;
}

/** What an EV reads from the duty cycle (IEC 61851-1 Table A.8); null = no current offered. */
export function currentForDuty(dutyPct: number): number | null {
  // 5 % asks for digital communication, which our EVs do not speak; below 8 % or above 97 % is no offer.
  if (dutyPct < 8 || dutyPct > 97) return null;
  if (dutyPct < 10) return minOfferA;
  if (dutyPct <= 85) return dutyPct * 0.6;
  if (dutyPct <= 96) return (dutyPct - 64) * 2.5;
  return 80;
}

/** Rounded down, so that the EV never reads more than the limit off the PWM's coarse steps. */
export function pwmValueFor(dutyPct: number, pwmMax: number): number {
  return Math.floor((dutyPct / 100) * pwmMax + 1e-9);
}

/** Lower edge of each state's band, in volts; nominal levels are A 12, B 9, C 6, D 3, E 0, F -12. */
const bands: { state: PilotState; fromV: number; toV: number }[] = [
  { state: "A", fromV: 10.5, toV: Infinity },
  { state: "B", fromV: 7.5, toV: 10.5 },
  { state: "C", fromV: 4.5, toV: 7.5 },
  { state: "D", fromV: 1.5, toV: 4.5 },
  { state: "E", fromV: -10.5, toV: 1.5 },
  { state: "F", fromV: -Infinity, toV: -10.5 },
];

/** The state a level belongs to; the current state keeps its band widened by `hysteresisV` on both sides. */
export function classifyPilot(volts: number, current: PilotState | null, hysteresisV: number): PilotState {
  const held = bands.find((band) => band.state === current);
  if (held && volts >= held.fromV - hysteresisV && volts < held.toV + hysteresisV) return held.state;
  return bands.find((band) => volts >= band.fromV && volts < band.toV)?.state ?? "E";
}

/**
 * How often the board reports the pilot levels (Firmata's sampling interval, one for the whole board),
 * from the reaction times IEC 61851-1 (Annex A, the table of system response times) asks of the supply
 * equipment, as the figures are commonly cited (issue 18; the standard's text is not in this repository):
 * - While energy may flow (the EV in state C, or D), the supply must be switched off within 100 ms of
 *   the EV stopping its request (C → B), being unplugged (→ A) or an error (E, F). Reports every 19 ms
 *   (Firmata's default) with 3 confirming samples detect that within 3 × 19 = 57 ms, leaving the relay
 *   (10–20 ms to open) its share.
 * - Otherwise no energy flows, and the quickest reaction asked is to close the contactor within 3 s of
 *   the EV asking for energy (B → C); a plug-in (A → B) asks none (the PWM offer follows the session).
 *   A report every 500 ms, then the fast ones to confirm the change, detects it within about 540 ms.
 * Sampling fast only when it counts takes an idle board from about 105 reports a second (two pilots
 * every 19 ms) to 4, and the station's wake-ups with them.
 * - Until a pilot has its first confirmed state (a board just connected) the board reports every 2 ms:
 *   the boot StatusNotifications wait for those readings (they must carry the true connector state),
 *   and 3 samples take 2 to 6 ms instead of 57 (the first comes as reporting starts). Two pilots'
 *   reports (6 bytes) take 1.04 ms of a 57,600-baud line, so for those few milliseconds they use half
 *   of it and leave the rest to the card reader's replies; every 1 ms would fill it. The firmware takes intervals from 1 ms; firmata-io would
 *   raise it to 10 (firmata-board.ts sends it as the firmware takes it).
 */
export const pilotSampling = { firstReadingMs: 2, fastMs: 19, idleMs: 500 } as const;

export type ControlPilotOptions = {
  board: Board;
  pwmPin: number;
  /** The analog channel of the pilot measurement: 0 for A0. */
  analogChannel: number;
  /** Consecutive samples a new state needs before it counts: single spikes are noise. */
  confirmSamples?: number;
  hysteresisV?: number;
  onStateChanged(state: PilotState, previous: PilotState | null): void;
  /** `samplingMs` changed. */
  onSamplingChanged?(): void;
};

/** The control pilot: PWM out to offer current, the measured level in, classified into IEC 61851 states. */
export class ControlPilot {
  private currentState: PilotState | null = null;
  private lastVolts: number | null = null;
  private candidate: { state: PilotState; count: number } | null = null;
  private readonly onSample = (raw: number) => this.sample(raw);

  constructor(private readonly options: ControlPilotOptions) {
    const { io } = options.board;
    io.pinMode(options.pwmPin, io.MODES.PWM);
    this.offer(null);
    io.analogRead(options.analogChannel, this.onSample);
  }

  get state(): PilotState | null {
    return this.currentState;
  }

  /**
   * How often the pilot needs the board's reports now (`pilotSampling`): at once while it has never been
   * read, fast while a new state is being confirmed or energy may flow (C, D), otherwise slowly.
   */
  get samplingMs(): number {
    const state = this.currentState;
    if (state === null) return pilotSampling.firstReadingMs;
    return state === "C" || state === "D" || this.candidate !== null ? pilotSampling.fastMs : pilotSampling.idleMs;
  }

  /** The last measured level, for diagnostics. */
  get volts(): number | null {
    return this.lastVolts;
  }

  offer(limitA: number | null): void {
    const { board, pwmPin } = this.options;
    board.io.pwmWrite(pwmPin, pwmValueFor(dutyForCurrent(limitA), board.RESOLUTION.PWM));
  }

  dispose(): void {
    this.options.board.io.removeListener(`analog-read-${this.options.analogChannel}`, this.onSample);
  }

  private sample(raw: number): void {
    const before = this.samplingMs;
    this.classify(raw);
    if (this.samplingMs !== before) this.options.onSamplingChanged?.();
  }

  private classify(raw: number): void {
    const volts = pilotVoltsFromRaw(raw, this.options.board.RESOLUTION.ADC);
    this.lastVolts = volts;
    const state = classifyPilot(volts, this.currentState, this.options.hysteresisV ?? 0.5);
    if (state === this.currentState) {
      this.candidate = null;
      return;
    }
    this.candidate = this.candidate?.state === state ? { state, count: this.candidate.count + 1 } : { state, count: 1 };
    if (this.candidate.count < (this.options.confirmSamples ?? 3)) return;
    const previous = this.currentState;
    this.currentState = state;
    this.candidate = null;
    this.options.onStateChanged(state, previous);
  }
}
