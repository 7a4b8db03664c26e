/**
 * One power-up of the emulated Mega 2560: the chip boots from reset and runs paced to real time, USART0
 * (the USB serial line) on a PTY, a PN532 on I2C, and the world around the pins as the test sets it.
 * It ends when its serial line closes (the USB cable pulled) or it is switched off.
 */
import { SerialTransport } from "../../../drivers/serial-transport.ts";
import { systemClock } from "../system-clock.ts";
import type { BoardStats, DutyMeasurement, Level } from "./board-protocol.ts";
import { FirmataMessageFilter, isI2cReadRequest, isI2cReply } from "./firmata-message-filter.ts";
import { clockHz } from "./mega2560-config.ts";
import { Mega2560 } from "./mega2560.ts";
import { Pn532Chip } from "./pn532-chip.ts";

const cyclesPerMs = clockHz / 1000;
/** At most this much chip time per slice, so the serial line and IPC are served in between. */
const sliceCycles = 20 * cyclesPerMs;
/**
 * Further behind real time than this (a busy machine), the chip's clock slips instead of racing to catch
 * up: what the host sees of the chip's timing (an S0 pulse's length) is never squeezed by more.
 */
const maxLagCycles = 10 * cyclesPerMs;
const dutyWindowMs = 10;
/** The emulated board wires the PN532's IRQ output to pin 26 (PA4), the virtual board's pin; a station uses it only with `reader.irqPin` (src/config/hardware.ts). */
const pn532IrqPin = 26;

export class PoweredBoard {
  private readonly mega: Mega2560;
  private readonly pn532: Pn532Chip;
  private readonly port: SerialTransport;
  private readonly toBoard = new FirmataMessageFilter();
  private readonly fromBoard = new FirmataMessageFilter();
  private readonly transmitted: number[] = [];
  private isHung = false;
  private isOff = false;

  /** Resolves once the PTY is open and the chip runs. */
  static start(hex: string, ptyPath: string, onOff: () => void): Promise<PoweredBoard> {
    const board = new PoweredBoard(hex, ptyPath, onOff);
    return new Promise((resolve, reject) => {
      board.port.once("open", () => {
        board.run();
        resolve(board);
      });
      board.port.once("error", reject);
      board.port.open();
    });
  }

  private constructor(hex: string, ptyPath: string, onOff: () => void) {
    this.mega = new Mega2560(hex);
    const irq = { set: (isHigh: boolean) => this.mega.setInput(pn532IrqPin, isHigh), after: (ms: number, fn: () => void) => this.mega.after(ms, fn) };
    this.pn532 = new Pn532Chip(this.mega.twi, () => this.mega.cycles / cyclesPerMs, irq);
    this.mega.twi.eventHandler = this.pn532;
    const usb = this.mega.usarts[0]!;
    usb.onTransmit = (byte) => this.transmitted.push(byte);
    this.port = new SerialTransport(ptyPath, 57600, systemClock);
    this.port.on("data", (data: Buffer) => usb.send(this.toBoard.pass(data)));
    this.port.on("close", () => {
      this.isOff = true;
      onOff();
    });
  }

  switchOff(): void {
    this.isOff = true;
    this.port.removeAllListeners("close");
    this.port.close();
  }

  setAnalogVolts(channel: number, volts: number): void {
    this.mega.setAnalogVolts(channel, volts);
  }

  setInput(pin: number, isHigh: boolean): void {
    this.mega.setInput(pin, isHigh);
  }

  /** A contactor on a relay output: its auxiliary contact follows the coil after the contacts' travel time. */
  wireContactor(relayPin: number, feedbackPin: number, travelMs: number): void {
    this.mega.watchPin(relayPin, (level) => this.mega.after(travelMs, () => this.mega.setInput(feedbackPin, level === "high")));
  }

  presentCard(uid: number[] | null): void {
    if (uid) this.pn532.present(uid);
    else this.pn532.remove();
  }

  hang(): void {
    this.isHung = true;
  }

  loseNext(message: "i2cReadRequest" | "i2cReply"): Promise<null> {
    return new Promise((resolve) => (message === "i2cReply" ? this.fromBoard.loseNext(isI2cReply, () => resolve(null)) : this.toBoard.loseNext(isI2cReadRequest, () => resolve(null))));
  }

  /** Pulses of the chip's own time: an S0 output closing `count` times. */
  pulse(pin: number, count: number, highMs: number, lowMs: number): Promise<null> {
    return new Promise((resolve) => {
      const step = (left: number) => {
        if (left === 0) return resolve(null);
        this.mega.setInput(pin, true);
        this.mega.after(highMs, () => {
          this.mega.setInput(pin, false);
          this.mega.after(lowMs, () => step(left - 1));
        });
      };
      step(count);
    });
  }

  waitForLevel(pin: number, level: Level, timeoutMs: number): Promise<Level> {
    if (this.mega.levelOf(pin) === level) return Promise.resolve(level);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(this.mega.levelOf(pin)), timeoutMs);
      const stop = this.mega.watchPin(pin, (now) => now === level && finish(now));
      const finish = (result: Level) => {
        clearTimeout(timer);
        stop();
        resolve(result);
      };
    });
  }

  /** Measures the duty over windows of chip time until it falls within the range, or the time is up. */
  waitForDuty(pin: number, minPct: number, maxPct: number, timeoutMs: number): Promise<DutyMeasurement> {
    const deadline = performance.now() + timeoutMs;
    return new Promise((resolve) => {
      const next = () =>
        this.measureDuty(pin, (measured) => {
          if ((measured.dutyPct >= minPct && measured.dutyPct <= maxPct) || performance.now() > deadline) resolve(measured);
          else next();
        });
      next();
    });
  }

  /** A device on a USART at its own baud rate: bytes at another rate than the port's would be garbage. */
  async sendSerial(usart: number, baud: number, bytes: number[]): Promise<null> {
    const line = this.mega.usarts[usart];
    if (!line) throw new Error(`the Mega 2560 has no USART${usart}`);
    if (!line.usart.rxEnable) throw new Error(`USART${usart} is not receiving (the firmware never opened its serial port)`);
    if (Math.abs(line.baudRate - baud) / baud > 0.02) throw new Error(`USART${usart} runs at ${line.baudRate} baud, the device at ${baud}`);
    line.send(bytes);
    await line.drained();
    return null;
  }

  stats(): BoardStats {
    return {
      chipMs: this.mega.cycles / cyclesPerMs,
      serial: this.mega.usarts.map((line) => ({ baud: line.baudRate, received: line.received, overruns: line.overruns })),
      pn532: { commands: this.pn532.commands, badFrames: this.pn532.badFrames },
    };
  }

  private run(): void {
    let anchor = { realMs: performance.now(), cycles: this.mega.cycles };
    const slice = () => {
      if (this.isOff) return;
      if (!this.isHung) {
        for (const line of this.mega.usarts) line.feed();
        const dueCycles = anchor.cycles + (performance.now() - anchor.realMs) * cyclesPerMs;
        this.mega.runUntil(Math.min(dueCycles, this.mega.cycles + sliceCycles));
        if (dueCycles - this.mega.cycles > maxLagCycles) anchor = { realMs: performance.now(), cycles: this.mega.cycles };
        const bytes = this.fromBoard.pass(this.transmitted.splice(0));
        if (bytes.length > 0) this.port.write(bytes);
      }
      setTimeout(slice, 1);
    };
    slice();
  }

  /** Whole periods from the first rising edge to the last within the window; a steady pin is 0 or 100 %. */
  private measureDuty(pin: number, done: (measured: DutyMeasurement) => void): void {
    const { mega } = this;
    const edges: { cycles: number; isHigh: boolean }[] = [];
    const stop = mega.watchPin(pin, (level) => edges.push({ cycles: mega.cycles, isHigh: level === "high" }));
    mega.after(dutyWindowMs, () => {
      stop();
      const rising = edges.flatMap((edge, index) => (edge.isHigh ? [index] : []));
      if (rising.length < 2) return done({ dutyPct: mega.levelOf(pin) === "high" ? 100 : 0, hz: 0 });
      const first = rising[0]!;
      const last = rising[rising.length - 1]!;
      let highCycles = 0;
      for (let index = first; index < last; index++) if (edges[index]!.isHigh) highCycles += edges[index + 1]!.cycles - edges[index]!.cycles;
      const spanCycles = edges[last]!.cycles - edges[first]!.cycles;
      done({ dutyPct: (100 * highCycles) / spanCycles, hz: ((rising.length - 1) * clockHz) / spanCycles });
    });
  }
}
