/**
 * An Arduino Mega 2560 on avr8js: the ATmega2560's CPU and the peripherals the Firmata firmware uses
 * (GPIO ports A-L, timers 0-5, USART0-3, the ADC, TWI), loaded with an Intel HEX image. Time is the
 * chip's own: `runUntil` executes instructions up to a cycle count; whoever drives it paces it.
 */
import { AVRADC, AVRIOPort, AVRTimer, AVRTWI, AVRUSART, avrInstruction, CPU, PinState } from "avr8js";
import * as config from "./mega2560-config.ts";
import { correctUsartReceiveFlag } from "./usart-correction.ts";

export type Mega2560Options = {
  /** false runs avr8js's USART as shipped, to reproduce its byte loss. */
  isUsartCorrected?: boolean;
};

export class Mega2560 {
  readonly cpu: CPU;
  readonly ports: Record<config.PortName, AVRIOPort>;
  readonly usarts: SerialLine[];
  readonly adc: AVRADC;
  readonly twi: AVRTWI;

  constructor(hex: string, options: Mega2560Options = {}) {
    const flash = new Uint16Array(config.flashBytes / 2);
    loadIntelHex(hex, new Uint8Array(flash.buffer));
    this.cpu = new CPU(flash, config.sramBytes);
    const entries = Object.entries(config.ports).map(([name, portConfig]) => [name, new AVRIOPort(this.cpu, portConfig)]);
    this.ports = Object.fromEntries(entries) as Record<config.PortName, AVRIOPort>;
    for (const timer of config.timers) new AVRTimer(this.cpu, timer);
    this.usarts = config.usarts.map((usartConfig) => {
      const usart = new AVRUSART(this.cpu, usartConfig, config.clockHz);
      if (options.isUsartCorrected ?? true) correctUsartReceiveFlag(this.cpu, usartConfig);
      return new SerialLine(this.cpu, usart, usartConfig);
    });
    this.adc = new AVRADC(this.cpu, config.adc);
    this.twi = new AVRTWI(this.cpu, config.twi, config.clockHz);
  }

  get cycles(): number {
    return this.cpu.cycles;
  }

  runUntil(cycles: number): void {
    const { cpu } = this;
    while (cpu.cycles < cycles) {
      avrInstruction(cpu);
      cpu.tick();
    }
  }

  /** Runs `fn` once the chip has run `ms` more milliseconds of its own time. */
  after(ms: number, fn: () => void): void {
    this.cpu.addClockEvent(fn, Math.round((ms * config.clockHz) / 1000));
  }

  /** Drives a pin from outside (a pulled or driven line); the firmware reads it in its PIN register. */
  setInput(pin: number, isHigh: boolean): void {
    const [port, bit] = pinPort(pin);
    this.ports[port].setPin(bit, isHigh);
  }

  /** The level the firmware drives on a pin, or "input" when it does not drive it. */
  levelOf(pin: number): "high" | "low" | "input" {
    const [port, bit] = pinPort(pin);
    const state = this.ports[port].pinState(bit);
    return state === PinState.High ? "high" : state === PinState.Low ? "low" : "input";
  }

  /** Calls `listener` with each level the firmware drives on the pin (or "input"); returns how to stop. */
  watchPin(pin: number, listener: (level: "high" | "low" | "input") => void): () => void {
    const [port, bit] = pinPort(pin);
    let last = this.levelOf(pin);
    const onChange = () => {
      const level = this.levelOf(pin);
      if (level === last) return;
      last = level;
      listener(level);
    };
    this.ports[port].addListener(onChange);
    return () => this.ports[port].removeListener(onChange);
  }

  /** The voltage on an analog input A0-A15 (the ADC compares it with AVCC, 5 V). */
  setAnalogVolts(channel: number, volts: number): void {
    this.adc.channelValues[channel] = volts;
  }
}

/**
 * A USART with a line attached: bytes sent to the chip arrive one character time apart, as on a wire,
 * and wait while the receiver is off. Counts every byte that arrived while the one before was still unread.
 */
export class SerialLine {
  onTransmit: ((byte: number) => void) | null = null;
  received = 0;
  overruns = 0;
  private readonly waiting: number[] = [];
  private hasUnreadByte = false;
  private drainedListeners: (() => void)[] = [];

  constructor(
    private readonly cpu: CPU,
    readonly usart: AVRUSART,
    usartConfig: config.UsartConfig,
  ) {
    usart.onByteTransmit = (byte) => this.onTransmit?.(byte);
    usart.onRxComplete = () => {
      this.received++;
      if (this.hasUnreadByte) this.overruns++;
      this.hasUnreadByte = true;
      this.feed();
      if (this.waiting.length === 0 && !usart.rxBusy) for (const listener of this.drainedListeners.splice(0)) listener();
    };
    const readData = cpu.readHooks[usartConfig.UDR]!;
    cpu.readHooks[usartConfig.UDR] = (address) => {
      this.hasUnreadByte = false;
      return readData(address);
    };
  }

  get baudRate(): number {
    return this.usart.baudRate;
  }

  send(bytes: Iterable<number>): void {
    this.waiting.push(...bytes);
    this.feed();
  }

  /** Resolves once every byte sent so far has arrived in the receiver. */
  drained(): Promise<void> {
    if (this.waiting.length === 0 && !this.usart.rxBusy) return Promise.resolve();
    return new Promise((resolve) => this.drainedListeners.push(resolve));
  }

  /** Starts the next byte on the line when the line is free; call again when the receiver may have been turned on. */
  feed(): void {
    if (this.waiting.length === 0 || this.usart.rxBusy || !this.usart.rxEnable) return;
    this.usart.writeByte(this.waiting.shift()!);
  }
}

function pinPort(pin: number): [config.PortName, number] {
  const entry = config.pinPorts[pin];
  if (!entry) throw new RangeError(`the Mega 2560 has no pin ${pin}`);
  return entry;
}

/** Intel HEX records 00 (data), 01 (end), 02 and 04 (segment and linear base addresses). */
function loadIntelHex(hex: string, flash: Uint8Array): void {
  let base = 0;
  for (const line of hex.split(/\r?\n/)) {
    if (!line.startsWith(":")) continue;
    const record = Buffer.from(line.slice(1), "hex");
    const [length = 0, high = 0, low = 0, type] = record;
    if (type === 0x00) flash.set(record.subarray(4, 4 + length), base + ((high << 8) | low));
    else if (type === 0x02) base = record.readUInt16BE(4) << 4;
    else if (type === 0x04) base = record.readUInt16BE(4) << 16;
    else if (type === 0x01) return;
  }
}
