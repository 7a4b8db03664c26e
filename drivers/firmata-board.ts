import type { Board } from "johnny-five";
import firmataIo from "firmata-io";
import type { Clock, Log } from "../src/station/ports.ts";
import { openBoard, type BoardLink } from "./board-link.ts";
import { SerialTransport } from "./serial-transport.ts";

export type FirmataBoardOptions = {
  port: string;
  baudRate: number;
  clock: Clock;
  log: Log;
  /** Wait between connection attempts while the board is away. */
  retryMs?: number;
  /** An opened port must speak Firmata within this time (an Arduino resets and boots on open). */
  readyTimeoutMs?: number;
  /** The pilot inputs report at least every 500 ms (control-pilot.ts, `pilotSampling`), so this long without a byte means the board hangs. */
  silenceTimeoutMs?: number;
};

/**
 * StandardFirmataPlus takes a sampling interval from 1 ms (its MINIMUM_SAMPLING_INTERVAL) to 14 bits;
 * firmata-io raises anything under 10 ms to 10. The pilots' first readings ask for less
 * (control-pilot.ts, `pilotSampling.firstReadingMs`), so the SAMPLING_INTERVAL message is sent as the
 * firmware takes it.
 */
const firmwareSampling = { command: 0x7a, minMs: 1, maxMs: 0x3fff } as const;

function useFirmwareSamplingRange(firmata: InstanceType<typeof firmataIo.Firmata>): void {
  firmata.setSamplingInterval = (intervalMs) => {
    const ms = Math.max(firmwareSampling.minMs, Math.min(firmwareSampling.maxMs, Math.round(intervalMs)));
    firmata.settings.samplingInterval = ms;
    firmata.sysexCommand([firmwareSampling.command, ms & 0x7f, ms >> 7]);
  };
}

/** One attempt on the port; its timer is first the ready timeout, then the silence watch. */
type Session = { transport: SerialTransport; cancelTimer: () => void; lastDataMs: number };

/**
 * A Firmata board (firmata-io) on a serial port, kept connected: when the port closes, errors or falls
 * silent, the board is reported gone and the port is reopened until the board answers again.
 */
export class FirmataBoardLink implements BoardLink {
  readonly kind = "firmata";
  board: Board | null = null;
  private session: Session | null = null;
  private readonly connectedListeners = new Set<(board: Board) => void>();
  private readonly disconnectedListeners = new Set<(reason: string) => void>();
  private cancelRetry: (() => void) | null = null;
  private hasLoggedFailure = false;
  private isClosed = false;

  constructor(private readonly options: FirmataBoardOptions) {}

  onConnected(listener: (board: Board) => void): void {
    this.connectedListeners.add(listener);
  }

  onDisconnected(listener: (reason: string) => void): void {
    this.disconnectedListeners.add(listener);
  }

  /** Starts connecting; resolves once connected, or after `waitMs` with the link still trying. */
  start(waitMs: number): Promise<void> {
    this.connect();
    return new Promise((resolve) => {
      const cancel = this.options.clock.after(waitMs, resolve);
      this.onConnected(() => {
        cancel();
        resolve();
      });
    });
  }

  /** The last commands (contactors open) get a moment to leave before the port closes. */
  async close(): Promise<void> {
    this.isClosed = true;
    this.cancelRetry?.();
    await this.session?.transport.drained(500);
    this.endSession();
    this.board = null;
  }

  private connect(): void {
    this.cancelRetry = null;
    if (this.isClosed) return;
    const { port, baudRate, clock } = this.options;
    const transport = new SerialTransport(port, baudRate, clock);
    const session: Session = { transport, cancelTimer: () => {}, lastDataMs: clock.now().getTime() };
    this.session = session;
    const firmata = new firmataIo.Firmata(transport, { reportVersionTimeout: 2000 });
    useFirmwareSamplingRange(firmata);
    transport.on("data", () => (session.lastDataMs = clock.now().getTime()));
    transport.on("error", (error: Error) => this.drop(session, errorMessage(error)));
    transport.on("close", () => this.drop(session, "serial port closed"));
    firmata.on("error", (error: Error) => this.drop(session, errorMessage(error)));
    // A board that did not just reset will not announce itself: ask.
    transport.on("open", () => {
      firmata.reportVersion(() => {});
      firmata.queryFirmware(() => {});
    });
    // once: johnny-five's Board re-emits "ready" on an IO plugin that is ready already.
    firmata.once("ready", () => void this.onFirmataReady(session, firmata));
    session.cancelTimer = clock.after(this.options.readyTimeoutMs ?? 10_000, () => this.drop(session, "no Firmata answer on the port"));
    transport.open();
  }

  private async onFirmataReady(session: Session, firmata: object): Promise<void> {
    const board = await openBoard(firmata, this.options.log);
    if (this.session !== session) return;
    this.board = board;
    this.hasLoggedFailure = false;
    this.options.log.info("Firmata board connected", { port: this.options.port });
    this.watchSilence(session);
    for (const listener of [...this.connectedListeners]) listener(board);
  }

  /**
   * Drops the board once it has sent nothing for `silenceTimeoutMs`. The timer is set for the moment
   * the silence would reach the limit, not polled: the pilot reports keep moving that moment, so an
   * idle station wakes for it every few seconds instead of every second (issue 18).
   */
  private watchSilence(session: Session): void {
    const limitMs = this.options.silenceTimeoutMs ?? 3000;
    const check = () => {
      const silentMs = this.options.clock.now().getTime() - session.lastDataMs;
      if (silentMs >= limitMs) return this.drop(session, "board stopped answering");
      session.cancelTimer = this.options.clock.after(limitMs - silentMs, check);
    };
    session.cancelTimer();
    check();
  }

  private drop(session: Session, reason: string): void {
    if (this.session !== session) return;
    const wasConnected = this.board !== null;
    this.endSession();
    this.board = null;
    if (wasConnected) {
      this.options.log.warn("Firmata board lost", { port: this.options.port, reason });
      for (const listener of [...this.disconnectedListeners]) listener(reason);
    } else if (!this.hasLoggedFailure) {
      this.hasLoggedFailure = true;
      this.options.log.warn("Firmata board not reachable; retrying", { port: this.options.port, reason });
    }
    if (!this.isClosed) this.cancelRetry = this.options.clock.after(this.options.retryMs ?? 2000, () => this.connect());
  }

  private endSession(): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    session.cancelTimer();
    // firmata-io's listeners go too: its late writes (a version timer) get an error callback, no event.
    session.transport.removeAllListeners();
    session.transport.close();
  }
}

function errorMessage(error: Error): string {
  return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
}
