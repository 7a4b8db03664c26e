import type { Board } from "johnny-five";
import type { MeterPersistence, MeterReading } from "../src/station/hardware-ports.ts";
import { errorText } from "../src/log/logger.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import { watchDigitalInput } from "./digital-input.ts";

/** What a connector needs from its meter; an S0 pulse meter today, a Modbus meter can implement the same. */
export interface EnergyMeter {
  /** The register never goes down, across restarts too. */
  read(): MeterReading;
  /** Saves the register and lets go of the input. */
  close(): void;
}

export type S0EnergyMeterOptions = {
  board: Board;
  pin: number;
  connectorId: number;
  impulsesPerKWh: number;
  persistence: MeterPersistence;
  clock: Clock;
  log: Log;
  /** The register is saved after this many pulses, or this long after the first unsaved one. */
  saveEveryPulses?: number;
  saveAfterMs?: number;
};

/** S0 pulses last at least 30 ms (EN 62053-31); anything shorter is a spike. */
const pulseDebounceMs = 5;

/** Counts S0 pulses (rising edges) into a persistent Wh register and derives power from the pulse rate. */
export class S0EnergyMeter implements EnergyMeter {
  private readonly whPerPulse: number;
  private readonly stopInput: () => void;
  private energyWh: number;
  private unsavedPulses = 0;
  private cancelSave: (() => void) | null = null;
  private lastPulseMs: number | null = null;
  private lastIntervalMs: number | null = null;
  private isClosed = false;

  constructor(private readonly options: S0EnergyMeterOptions) {
    this.whPerPulse = 1000 / options.impulsesPerKWh;
    this.energyWh = Math.max(0, options.persistence.load(options.connectorId));
    let isFirstReport = true;
    this.stopInput = watchDigitalInput(options.board, { pin: options.pin, debounceMs: pulseDebounceMs, clock: options.clock }, (isHigh) => {
      // A pulse already on when we start was counted before, or is lost either way: only rising edges count.
      if (isHigh && !isFirstReport) this.countPulse();
      isFirstReport = false;
    });
  }

  /**
   * Durable before visible: a reading may leave the station (MeterValues, meterStart/Stop), so its
   * pulses are saved first; after a power loss the register never restarts below a reported value.
   */
  read(): MeterReading {
    this.save();
    return { energyWh: this.energyWh, powerW: this.powerW() };
  }

  close(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.stopInput();
    this.save();
  }

  private countPulse(): void {
    const nowMs = this.options.clock.now().getTime();
    if (this.lastPulseMs !== null) this.lastIntervalMs = nowMs - this.lastPulseMs;
    this.lastPulseMs = nowMs;
    this.energyWh += this.whPerPulse;
    this.unsavedPulses++;
    if (this.unsavedPulses >= (this.options.saveEveryPulses ?? 10)) this.save();
    else this.cancelSave ??= this.options.clock.after(this.options.saveAfterMs ?? 60_000, () => this.save());
  }

  /**
   * One pulse's energy over the last interval. When the next pulse is late, the power can be at most one
   * pulse over the time since the last; three intervals without a pulse mean the flow has stopped.
   */
  private powerW(): number {
    if (this.lastPulseMs === null || this.lastIntervalMs === null || this.lastIntervalMs <= 0) return 0;
    const sinceMs = this.options.clock.now().getTime() - this.lastPulseMs;
    if (sinceMs > 3 * this.lastIntervalMs) return 0;
    return (this.whPerPulse * 3_600_000) / Math.max(this.lastIntervalMs, sinceMs);
  }

  /** A failed save keeps the pulses unsaved, so the next pulse or close tries again. */
  private save(): void {
    this.cancelSave?.();
    this.cancelSave = null;
    if (this.unsavedPulses === 0) return;
    try {
      this.options.persistence.save(this.options.connectorId, this.energyWh);
      this.unsavedPulses = 0;
    } catch (error) {
      this.options.log.error("saving the energy register failed", { connectorId: this.options.connectorId, error: errorText(error) });
    }
  }
}
