/**
 * The test's handle on the emulated Arduino Mega 2560 running the real StandardFirmataPlus firmware
 * (../shared/firmata/). `BoardEmulator` is the process, started once per test file; each `plugIn` is a
 * freshly powered board behind a new socat PTY pair, the USB cable: the station opens `port`.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Subprocess } from "bun";
import { waitFor } from "../system-clock.ts";
import type { BoardAnswers, BoardMessage, BoardRequest, BoardStats, DutyMeasurement, Level } from "./board-protocol.ts";

export const firmwareHex = join(import.meta.dir, "../../../../shared/firmata/StandardFirmataPlus-mega2560.hex");
const boardProcess = join(import.meta.dir, "board-process.ts");
const requestTimeoutMs = 10_000;

type Waiting = { resolve(result: unknown): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> };
type Request = <C extends BoardRequest["command"]>(request: Extract<BoardRequest, { command: C }>) => Promise<BoardAnswers[C]>;

export class BoardEmulator {
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 1;
  private plugged: EmulatedBoard | null = null;

  private constructor(private readonly process: Subprocess) {}

  static async start(): Promise<BoardEmulator> {
    let onMessage: (message: BoardMessage) => void = () => {};
    const child = Bun.spawn([process.execPath, boardProcess, firmwareHex], { stdio: ["ignore", "inherit", "inherit"], ipc: (message: BoardMessage) => onMessage(message) });
    const emulator = new BoardEmulator(child);
    await new Promise<void>((resolve, reject) => {
      onMessage = (message) => (message.kind === "running" ? resolve() : emulator.receive(message));
      void child.exited.then((code) => reject(new Error(`the board emulator exited with ${code}`)));
    });
    onMessage = (message) => message.kind !== "running" && emulator.receive(message);
    return emulator;
  }

  /** A freshly powered board on a new cable (a socat PTY pair in `dir`); the one before is unplugged first. */
  async plugIn(socatPath: string, dir: string): Promise<EmulatedBoard> {
    await this.plugged?.unplug();
    const port = join(dir, "board-port");
    const devicePort = join(dir, "device-port");
    // Links an earlier cable left behind would pass for the new ones before socat has made them.
    for (const link of [port, devicePort]) rmSync(link, { force: true });
    const socat = Bun.spawn([socatPath, `pty,raw,echo=0,link=${port}`, `pty,raw,echo=0,link=${devicePort}`], { stdout: "ignore", stderr: "ignore" });
    await waitFor(() => existsSync(port) && existsSync(devicePort), "socat's PTY links");
    const request: Request = (message) => this.request(message);
    await request({ command: "plugIn", ptyPath: devicePort });
    this.plugged = new EmulatedBoard(port, socat, request);
    return this.plugged;
  }

  async close(): Promise<void> {
    await this.plugged?.unplug();
    this.process.kill();
    await this.process.exited;
  }

  private request<C extends BoardRequest["command"]>(request: Extract<BoardRequest, { command: C }>): Promise<BoardAnswers[C]> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`the board emulator did not answer ${request.command} within ${requestTimeoutMs} ms`));
      }, requestTimeoutMs);
      this.waiting.set(id, { resolve: resolve as (result: unknown) => void, reject, timer });
      this.process.send({ id, ...request });
    });
  }

  private receive(message: Exclude<BoardMessage, { kind: "running" }>): void {
    const waiting = this.waiting.get(message.id);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.waiting.delete(message.id);
    if (message.kind === "answer") waiting.resolve(message.result);
    else waiting.reject(new Error(message.reason));
  }
}

/** A powered board with its cable plugged in; the world around its pins is set through it. */
export class EmulatedBoard {
  private isUnplugged = false;

  constructor(
    /** The station's end of the cable. */
    readonly port: string,
    private readonly socat: Subprocess,
    private readonly request: Request,
  ) {}

  /** A level on an analog input A0-A15, in volts at the pin (0-5 V). */
  setAnalogVolts(channel: number, volts: number): Promise<null> {
    return this.request({ command: "setAnalogVolts", channel, volts });
  }

  setInput(pin: number, isHigh: boolean): Promise<null> {
    return this.request({ command: "setInput", pin, isHigh });
  }

  /** A contactor whose auxiliary contact follows the relay pin after `travelMs` of the board's time. */
  wireContactor(relayPin: number, feedbackPin: number, travelMs: number): Promise<null> {
    return this.request({ command: "wireContactor", relayPin, feedbackPin, travelMs });
  }

  /** Resolves once the pulses are over, in the board's time. */
  pulse(pin: number, count: number, timing: { highMs: number; lowMs: number }): Promise<null> {
    return this.request({ command: "pulse", pin, count, ...timing });
  }

  /** The level the firmware drives, once it is `level` or when `timeoutMs` is up. */
  waitForLevel(pin: number, level: Level, timeoutMs = 5_000): Promise<Level> {
    return this.request({ command: "waitForLevel", pin, level, timeoutMs });
  }

  /** The PWM duty measured on the pin, once it is within the range or when `timeoutMs` is up. */
  waitForDuty(pin: number, range: { minPct: number; maxPct: number }, timeoutMs = 5_000): Promise<DutyMeasurement> {
    return this.request({ command: "waitForDuty", pin, ...range, timeoutMs });
  }

  /** A card in the PN532's field (its UID bytes), or none. */
  presentCard(uid: number[] | null): Promise<null> {
    return this.request({ command: "presentCard", uid });
  }

  /** A device on USART `usart` sending at `baud`; resolves once the bytes are in the chip's receiver. */
  sendSerial(usart: number, baud: number, bytes: number[]): Promise<null> {
    return this.request({ command: "sendSerial", usart, baud, bytes });
  }

  /** Loses the next such Firmata message on the line; resolves once it has been lost. */
  loseNext(message: "i2cReadRequest" | "i2cReply"): Promise<null> {
    return this.request({ command: "loseNext", message });
  }

  /** The firmware stops: no byte leaves the board any more, and its port stays open. */
  hang(): Promise<null> {
    return this.request({ command: "hang" });
  }

  stats(): Promise<BoardStats> {
    return this.request({ command: "stats" });
  }

  /** The USB cable pulled: the station's port goes away and the board loses its power. */
  async unplug(): Promise<void> {
    if (this.isUnplugged) return;
    this.isUnplugged = true;
    this.socat.kill();
    await this.socat.exited;
    await this.request({ command: "switchOff" });
  }
}
