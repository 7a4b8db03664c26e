import type { Board, Relay } from "johnny-five";
import { johnnyFive } from "./johnny-five-parts.ts";
import type { Clock } from "../src/station/ports.ts";
import { watchDigitalInput } from "./digital-input.ts";

/** welded: closed although commanded open; stuckOpen: open although commanded closed. */
export type ContactorFault = "welded" | "stuckOpen";

export type ContactorOptions = {
  board: Board;
  relayPin: number;
  /** The auxiliary contact: high while the main contacts are closed. */
  feedbackPin: number;
  clock: Clock;
  /** How long the feedback may disagree with the command (the contacts' travel time) before it is a fault. */
  mismatchMs?: number;
  onFaultChanged(fault: ContactorFault | null): void;
};

/**
 * The main contactor: a johnny-five Relay driving the coil, checked against the auxiliary feedback.
 * A disagreement that outlasts the travel time is a fault, and the coil is released at once. A stuck-open
 * contactor stays faulted until the hardware is restarted (it needs service); a welded one recovers
 * when its feedback shows it open again.
 */
export class Contactor {
  private readonly relay: Relay;
  private readonly stopFeedback: () => void;
  private isFeedbackClosed: boolean | null = null;
  private currentFault: ContactorFault | null = null;
  private pending: { kind: "detect" | "recover"; cancel: () => void } | null = null;

  constructor(private readonly options: ContactorOptions) {
    const { board } = options;
    // Relay only sets the pin mode for pins named "A<n>"; a Firmata pin left as input would get its pull-up toggled.
    board.io.pinMode(options.relayPin, board.io.MODES.OUTPUT);
    this.relay = new (johnnyFive().Relay)({ board, pin: options.relayPin, type: "NO" });
    this.relay.open();
    this.stopFeedback = watchDigitalInput(board, { pin: options.feedbackPin, debounceMs: 0, clock: options.clock }, (isHigh) => {
      this.isFeedbackClosed = isHigh;
      this.check();
    });
  }

  get isClosed(): boolean {
    return this.relay.isClosed;
  }

  /** What the auxiliary contact reports: true = closed; null before its first reading. */
  get feedback(): boolean | null {
    return this.isFeedbackClosed;
  }

  get fault(): ContactorFault | null {
    return this.currentFault;
  }

  /** Refused (false) while faulted. */
  close(): boolean {
    if (this.currentFault) return false;
    if (!this.relay.isClosed) this.relay.close();
    this.check();
    return true;
  }

  open(): void {
    if (this.relay.isClosed) this.relay.open();
    this.check();
  }

  dispose(): void {
    this.pending?.cancel();
    this.pending = null;
    this.stopFeedback();
  }

  private check(): void {
    const agrees = this.isFeedbackClosed === null || this.isFeedbackClosed === this.relay.isClosed;
    const wanted = this.currentFault === null ? (agrees ? null : "detect") : this.currentFault === "welded" && agrees ? "recover" : null;
    if (wanted === (this.pending?.kind ?? null)) return;
    this.pending?.cancel();
    this.pending = wanted ? { kind: wanted, cancel: this.options.clock.after(this.options.mismatchMs ?? 200, () => this.settle(wanted)) } : null;
  }

  private settle(kind: "detect" | "recover"): void {
    this.pending = null;
    if (kind === "detect") {
      this.currentFault = this.relay.isClosed ? "stuckOpen" : "welded";
      this.relay.open();
    } else {
      this.currentFault = null;
    }
    this.options.onFaultChanged(this.currentFault);
    this.check();
  }
}
