import type { Clock } from "../station/ports.ts";

export type KeepaliveOptions = { clock: Clock; pongTimeoutMs: number; ping(): void; onDead(): void };

/** WebSocket pings every `intervalSec` (WebSocketPingInterval, 0 = off); no pong in time = dead link. */
export class Keepalive {
  private intervalSec = 0;
  private isRunning = false;
  private cancelTick: (() => void) | undefined;
  private cancelPongWait: (() => void) | undefined;

  constructor(private readonly options: KeepaliveOptions) {}

  start(intervalSec: number): void {
    this.stop();
    this.isRunning = true;
    this.setInterval(intervalSec);
  }

  /** Takes effect at once, also on a running connection. */
  setInterval(intervalSec: number): void {
    this.intervalSec = Math.max(0, intervalSec);
    this.cancelTick?.();
    this.cancelTick = undefined;
    if (this.isRunning) this.schedule();
  }

  pongReceived(): void {
    this.cancelPongWait?.();
    this.cancelPongWait = undefined;
  }

  stop(): void {
    this.isRunning = false;
    this.cancelTick?.();
    this.pongReceived();
    this.cancelTick = undefined;
  }

  private schedule(): void {
    if (this.intervalSec === 0) return;
    this.cancelTick = this.options.clock.after(this.intervalSec * 1000, () => this.tick());
  }

  private tick(): void {
    if (this.cancelPongWait === undefined) {
      this.options.ping();
      this.cancelPongWait = this.options.clock.after(this.options.pongTimeoutMs, () => {
        this.stop();
        this.options.onDead();
      });
    }
    this.schedule();
  }
}
