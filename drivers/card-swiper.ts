import type { Clock } from "../src/station/ports.ts";
import type { CardReaderWatch } from "./rfid-reader.ts";
import type { SimResult } from "./sim-action.ts";
import type { VirtualCardReader } from "./virtual-card-readers.ts";

export type CardSwiperSetup = {
  reader: VirtualCardReader;
  clock: Clock;
  /** How long a card stays on the reader once it has been read. */
  holdMs?: number;
  /** How long a swipe waits for the station's reader: to miss the card before it, then to read this one. */
  timeoutMs?: number;
};

type Swipe = { idTag: string; phase: "waitingForLeave" | "waitingForRead"; done(result: SimResult): void; cancelTimeout(): void };

/**
 * `sim swipe` on the virtual reader, done once the station's reader has read the card. Every swipe is a
 * presentation of its own: a card the reader still sees is taken away, and the next one goes on only once
 * the reader has reported it gone, however long its debounce takes. Nothing here counts on its timing.
 */
export class CardSwiper implements CardReaderWatch {
  private doesReaderSeeCard = false;
  private swipe: Swipe | null = null;
  private cancelHold: (() => void) | null = null;

  constructor(private readonly setup: CardSwiperSetup) {}

  /** One swipe at a time: the world queues them. */
  start(idTag: string, done: (result: SimResult) => void): void {
    if (this.swipe) return done({ ok: false, reason: "another swipe is under way" });
    const timeoutMs = this.setup.timeoutMs ?? 5_000;
    const cancelTimeout = this.setup.clock.after(timeoutMs, () => this.timedOut(timeoutMs));
    this.swipe = { idTag, phase: "waitingForLeave", done, cancelTimeout };
    this.takeCardAway();
    if (!this.doesReaderSeeCard) this.present(this.swipe);
  }

  cardPresented(idTag: string): void {
    this.doesReaderSeeCard = true;
    if (this.swipe?.phase !== "waitingForRead" || this.swipe.idTag !== idTag) return;
    this.cancelHold = this.setup.clock.after(this.setup.holdMs ?? 1_500, () => this.takeCardAway());
    this.finish({ ok: true, message: `card ${idTag} presented to the reader` });
  }

  cardLeft(): void {
    this.doesReaderSeeCard = false;
    if (this.swipe?.phase === "waitingForLeave") this.present(this.swipe);
  }

  close(): void {
    this.takeCardAway();
    if (this.swipe) this.finish({ ok: false, reason: "the station is stopping" });
  }

  private present(swipe: Swipe): void {
    swipe.phase = "waitingForRead";
    this.setup.reader.present(swipe.idTag);
  }

  /** A card the reader did not read in time is taken away, so that it cannot be read later, out of order. */
  private timedOut(timeoutMs: number): void {
    const { idTag, phase } = this.swipe!;
    this.takeCardAway();
    const seconds = `${timeoutMs / 1000} s (see csc22b7 diag hw)`;
    this.finish({
      ok: false,
      reason:
        phase === "waitingForLeave"
          ? `card ${idTag} was not presented: the card reader still reported the card before it after ${seconds}`
          : `the card reader did not read card ${idTag} within ${seconds}; the card was taken away`,
    });
  }

  private takeCardAway(): void {
    this.cancelHold?.();
    this.cancelHold = null;
    this.setup.reader.remove();
  }

  private finish(result: SimResult): void {
    const swipe = this.swipe!;
    this.swipe = null;
    swipe.cancelTimeout();
    swipe.done(result);
  }
}
