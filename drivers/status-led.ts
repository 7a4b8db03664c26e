import type { Board, Led } from "johnny-five";
import { johnnyFive } from "./johnny-five-parts.ts";
import type { ChargePointStatus } from "../src/messages/status-notification.ts";
import type { StatusLight } from "../src/station/hardware-ports.ts";
import type { Clock } from "../src/station/ports.ts";

export type BlinkPattern = "steady" | "slow" | "fast";
/** "#RRGGBB": Led.RGB parses it itself; colour names would need color-convert, which the executable leaves out (src/build/johnny-five-shims.ts). */
export type HexColour = `#${string}`;
export type StatusLook = { colour: HexColour; pattern: BlinkPattern };

/** Every status has its own colour and pattern pair, so a driver can tell them apart from across the car park. */
export const statusLooks: Record<ChargePointStatus, StatusLook> = {
  Available: { colour: "#00FF00", pattern: "steady" },
  Preparing: { colour: "#00FFFF", pattern: "slow" },
  Charging: { colour: "#0000FF", pattern: "steady" },
  SuspendedEV: { colour: "#0000FF", pattern: "slow" },
  SuspendedEVSE: { colour: "#FFFF00", pattern: "slow" },
  Finishing: { colour: "#00FFFF", pattern: "steady" },
  Reserved: { colour: "#FF00FF", pattern: "steady" },
  Unavailable: { colour: "#FFFFFF", pattern: "steady" },
  Faulted: { colour: "#FF0000", pattern: "fast" },
};

/** A refused card: steady red for a moment over the status look (no status is steady red; Faulted blinks). */
export const cardRefusedLook = { colour: "#FF0000", ms: 3_000 } as const;

const blinkTimings = { slow: { onMs: 500, offMs: 500 }, fast: { onMs: 150, offMs: 150 } };
/** Dark time between two bursts of BlinkRepeat blinks. */
export const burstPauseMs = 1500;

export type LightPhase = { isOn: boolean; ms: number };

/** One cycle of a pattern: BlinkRepeat blinks (at least one), then a pause; steady is one endless "on". */
export function blinkCycle(pattern: BlinkPattern, blinkRepeat: number): LightPhase[] {
  if (pattern === "steady") return [{ isOn: true, ms: Infinity }];
  const { onMs, offMs } = blinkTimings[pattern];
  const phases: LightPhase[] = [];
  for (let blink = 0; blink < Math.max(1, Math.floor(blinkRepeat)); blink++) phases.push({ isOn: true, ms: onMs }, { isOn: false, ms: offMs });
  phases.push({ isOn: false, ms: burstPauseMs });
  return phases;
}

export type StatusLedOptions = { board: Board; pins: { red: number; green: number; blue: number }; clock: Clock };

/** The connector's RGB status light (johnny-five Led.RGB); blinking is timed by the injected clock. */
export class StatusLed {
  private readonly rgb: Led.RGB;
  private shown: { status: ChargePointStatus; light: StatusLight } | null = null;
  private cancelPhase: (() => void) | null = null;

  constructor(private readonly options: StatusLedOptions) {
    this.rgb = new (johnnyFive().RGB)({ board: options.board, pins: options.pins });
  }

  /** Restarts the pattern only when something changed, so repeating a status does not make the light stutter. */
  show(status: ChargePointStatus, light: StatusLight): void {
    if (this.shown?.status === status && this.shown.light.lightIntensityPct === light.lightIntensityPct && this.shown.light.blinkRepeat === light.blinkRepeat) return;
    this.shown = { status, light: { ...light } };
    this.cancelPhase?.();
    this.rgb.intensity(Math.max(0, Math.min(100, light.lightIntensityPct)));
    const look = statusLooks[status];
    this.play(look.colour, blinkCycle(look.pattern, light.blinkRepeat), 0);
  }

  /** Shows a refused card, then the status look again; a status change meanwhile ends it early. */
  showCardRefused(light: StatusLight): void {
    this.cancelPhase?.();
    this.rgb.intensity(Math.max(0, Math.min(100, light.lightIntensityPct)));
    this.rgb.color(cardRefusedLook.colour);
    this.cancelPhase = this.options.clock.after(cardRefusedLook.ms, () => {
      this.cancelPhase = null;
      this.showAgain();
    });
  }

  /**
   * The self-test: each colour for `stepMs`, then the status look again. A status change meanwhile
   * ends the test early, because the status light matters more than the test.
   */
  testColours(colours: readonly HexColour[], stepMs: number): Promise<void> {
    this.cancelPhase?.();
    this.rgb.intensity(100);
    return new Promise((resolve) => {
      const step = (index: number) => {
        if (index === colours.length) {
          this.cancelPhase = null;
          this.showAgain();
          return resolve();
        }
        this.rgb.color(colours[index]!);
        const cancel = this.options.clock.after(stepMs, () => step(index + 1));
        this.cancelPhase = () => {
          cancel();
          resolve();
        };
      };
      step(0);
    });
  }

  dispose(): void {
    this.cancelPhase?.();
    this.cancelPhase = null;
  }

  private showAgain(): void {
    const shown = this.shown;
    this.shown = null;
    if (shown) this.show(shown.status, shown.light);
    else this.rgb.off();
  }

  private play(colour: HexColour, cycle: LightPhase[], index: number): void {
    const phase = cycle[index % cycle.length]!;
    if (phase.isOn) this.rgb.color(colour);
    else this.rgb.off();
    this.cancelPhase = Number.isFinite(phase.ms) ? this.options.clock.after(phase.ms, () => this.play(colour, cycle, index + 1)) : null;
  }
}
