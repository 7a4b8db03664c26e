import type { StationHardware, StationHardwareEvents } from "../station/hardware-ports.ts";
import type { Clock } from "../station/ports.ts";

export type CardWait = { ok: true; idTag: string } | { ok: false; reason: "busy" | "timeout" | "cancelled" };

/**
 * `csc22b7 diag rfid`: while it waits, the next card presented goes to the technician and not to
 * the charging sessions, so checking the reader never authorizes or starts anything.
 */
export class CardTap {
  private waiting: ((idTag: string) => void) | null = null;

  constructor(private readonly clock: Clock) {}

  get isWaiting(): boolean {
    return this.waiting !== null;
  }

  /** The hardware as the station sees it: the same, except for cards taken by a waiting `diag rfid`. */
  guard(hardware: StationHardware): StationHardware {
    const on = <E extends keyof StationHardwareEvents>(event: E, listener: (payload: StationHardwareEvents[E]) => void) => {
      if (event !== "cardPresented") return hardware.on(event, listener);
      return hardware.on("cardPresented", (card) => {
        if (!this.take(card.idTag)) (listener as (payload: StationHardwareEvents["cardPresented"]) => void)(card);
      });
    };
    return {
      get board() {
        return hardware.board;
      },
      get isBoardConnected() {
        return hardware.isBoardConnected;
      },
      get connectors() {
        return hardware.connectors;
      },
      get faults() {
        return hardware.faults;
      },
      on,
      whenSettled: (listener) => hardware.whenSettled(listener),
      makeSafe: () => hardware.makeSafe(),
      close: () => hardware.close(),
    };
  }

  /** The next card presented within `timeoutMs`, unless `signal` aborts first; one wait at a time. */
  next(timeoutMs: number, signal?: AbortSignal): Promise<CardWait> {
    if (this.waiting) return Promise.resolve({ ok: false, reason: "busy" });
    if (signal?.aborted) return Promise.resolve({ ok: false, reason: "cancelled" });
    return new Promise((resolve) => {
      const end = (wait: CardWait) => {
        cancelTimer();
        signal?.removeEventListener("abort", onAbort);
        this.waiting = null;
        resolve(wait);
      };
      const onAbort = () => end({ ok: false, reason: "cancelled" });
      const cancelTimer = this.clock.after(timeoutMs, () => end({ ok: false, reason: "timeout" }));
      signal?.addEventListener("abort", onAbort, { once: true });
      this.waiting = (idTag) => end({ ok: true, idTag });
    });
  }

  private take(idTag: string): boolean {
    if (!this.waiting) return false;
    this.waiting(idTag);
    return true;
  }
}
