/**
 * A johnny-five IO plugin that keeps every pin in memory: the drivers run on it unchanged, and the
 * virtual world (or a test) sets the inputs and watches the outputs. Events are named as firmata-io
 * names them (`digital-read-<pin>`, `analog-read-<channel>`, `serial-data-<portId>`,
 * `I2C-reply-<address>-<register>`), so a driver can unsubscribe the same way on both.
 */
import { EventEmitter } from "node:events";
import type { Clock } from "../src/station/ports.ts";

export const MODES = { INPUT: 0x00, OUTPUT: 0x01, ANALOG: 0x02, PWM: 0x03, SERVO: 0x04, I2C: 0x06, SERIAL: 0x0a, PULLUP: 0x0b } as const;

/** As firmata-io numbers them. */
export const SERIAL_PORT_IDs = {
  HW_SERIAL0: 0x00, HW_SERIAL1: 0x01, HW_SERIAL2: 0x02, HW_SERIAL3: 0x03,
  SW_SERIAL0: 0x08, SW_SERIAL1: 0x09, SW_SERIAL2: 0x10, SW_SERIAL3: 0x11, DEFAULT: 0x08,
} as const;

export type I2cReplyTiming = "next tick" | "same turn";

/** An I2C peripheral on the virtual bus: receives what the board writes, answers what it reads. */
export interface I2cDevice {
  write(bytes: number[]): void;
  read(count: number): number[];
}

export type PinState = { supportedModes: number[]; mode: number | undefined; value: number; report: number; analogChannel: number };
export type OutputListener = (pin: number, value: number, mode: number | undefined) => void;

const digitalPinCount = 54;
const analogChannelCount = 16;
const noAnalogChannel = 127;

export class VirtualIO extends EventEmitter {
  readonly name = "VirtualIO";
  readonly MODES = MODES;
  readonly SERIAL_PORT_IDs = SERIAL_PORT_IDs;
  readonly HIGH = 1;
  readonly LOW = 0;
  readonly RESOLUTION = { ADC: 1023, PWM: 255, DAC: null };
  /** Laid out like an Arduino Mega: digital 0-53, then A0-A15 as pins 54-69. */
  readonly pins: PinState[];
  readonly analogPins: number[];
  isReady = false;

  private readonly analogInputs = new Array<number>(analogChannelCount).fill(0);
  private readonly reportedChannels = new Set<number>();
  private readonly outputListeners = new Set<OutputListener>();
  private readonly i2cDevices = new Map<number, I2cDevice>();
  private readonly serialDevices = new Map<number, (bytes: number[]) => void>();
  private readonly i2cLosses = { requests: 0, replies: 0 };
  private cancelSampling: (() => void) | null = null;
  private isClosed = false;

  /** When the analog inputs were last reported (ms on the clock). */
  private lastSampleMs = 0;

  /**
   * Analog inputs are reported every `samplingIntervalMs` while read, as Firmata does (19 ms until set).
   * I2C replies come on the next clock tick (a zero-delay timer: what tests on a fake clock step through),
   * or, `"same turn"`, once the code that asked has finished its turn (a microtask): the station on the
   * virtual board reads its PN532 without a wake-up per reply.
   */
  constructor(
    private readonly clock: Clock,
    private samplingIntervalMs = 19,
    private readonly i2cReplies: I2cReplyTiming = "next tick",
  ) {
    super();
    const digital = Array.from({ length: digitalPinCount }, () => pinState([MODES.INPUT, MODES.OUTPUT, MODES.PWM, MODES.PULLUP], noAnalogChannel));
    const analog = Array.from({ length: analogChannelCount }, (_, channel) => pinState([MODES.INPUT, MODES.OUTPUT, MODES.ANALOG, MODES.PULLUP], channel));
    this.pins = [...digital, ...analog];
    this.analogPins = analog.map((_, channel) => digitalPinCount + channel);
    queueMicrotask(() => {
      this.isReady = true;
      this.emit("connect");
      this.emit("ready");
    });
  }

  // --- the IO plugin interface johnny-five and the drivers call ---

  /** As in firmata-io, ANALOG mode takes the analog channel (0 for A0), every other mode the pin number. */
  pinMode(pin: number, mode: number): this {
    this.pinAt(mode === MODES.ANALOG ? digitalPinCount + pin : pin).mode = mode;
    return this;
  }

  digitalWrite(pin: number, value: number): this {
    return this.writeOutput(pin, value ? 1 : 0);
  }

  pwmWrite(pin: number, value: number): this {
    return this.writeOutput(pin, Math.max(0, Math.min(this.RESOLUTION.PWM, Math.round(value))));
  }

  analogWrite(pin: number, value: number): this {
    return this.pwmWrite(pin, value);
  }

  /** Reports the current level at once (as Firmata does when reporting starts), then every change. */
  digitalRead(pin: number, callback: (value: number) => void): this {
    const state = this.pinAt(pin);
    state.report = 1;
    this.on(`digital-read-${pin}`, callback);
    callback(state.value);
    return this;
  }

  /**
   * Reports the current value at once, as StandardFirmataPlus does when reporting starts (it sends the
   * pin's value without waiting for the next sampling), then every sampling interval.
   */
  analogRead(channel: number, callback: (value: number) => void): this {
    this.checkChannel(channel);
    this.reportedChannels.add(channel);
    this.on(`analog-read-${channel}`, callback);
    callback(this.analogInputs[channel]!);
    this.startSampling();
    return this;
  }

  /**
   * As StandardFirmataPlus's SAMPLING_INTERVAL (1 ms to 14 bits; firmata-board.ts sends it so): the
   * next report comes once the new interval has passed since the last one.
   */
  setSamplingInterval(intervalMs: number): this {
    this.samplingIntervalMs = Math.max(1, Math.min(0x3fff, Math.round(intervalMs)));
    if (this.cancelSampling) {
      this.cancelSampling();
      this.cancelSampling = null;
      this.startSampling(Math.max(0, this.lastSampleMs + this.samplingIntervalMs - this.clock.now().getTime()));
    }
    return this;
  }

  i2cConfig(_options?: unknown): this {
    return this;
  }

  i2cWrite(address: number, registerOrData: number | number[], bytes: number[] = []): this {
    if (this.isLost("requests")) return this;
    const data = Array.isArray(registerOrData) ? registerOrData : [registerOrData, ...bytes];
    this.i2cDevices.get(address)?.write(data);
    return this;
  }

  /** Answers later (see the constructor), as a reply over the wire would come; like firmata-io, with a once-listener. */
  i2cReadOnce(address: number, registerOrCount: number, countOrCallback: number | ((bytes: number[]) => void), maybeCallback?: (bytes: number[]) => void): this {
    const hasRegister = typeof countOrCallback === "number";
    const count = hasRegister ? countOrCallback : registerOrCount;
    const callback = hasRegister ? maybeCallback : countOrCallback;
    const event = `I2C-reply-${address}-${hasRegister ? registerOrCount : 0}`;
    if (callback) this.once(event, callback);
    if (this.isLost("requests")) return this;
    const device = this.i2cDevices.get(address);
    if (hasRegister) device?.write([registerOrCount]);
    // An absent device reads as an idle bus: all ones.
    const bytes = device ? device.read(count) : new Array<number>(count).fill(0xff);
    if (this.isLost("replies")) return this;
    const reply = () => {
      if (!this.isClosed) this.emit(event, bytes);
    };
    if (this.i2cReplies === "same turn") queueMicrotask(reply);
    else this.clock.after(0, reply);
    return this;
  }

  serialConfig(_options: { portId: number; baud?: number; rxPin?: number; txPin?: number }): this {
    return this;
  }

  serialWrite(portId: number, bytes: number[]): this {
    this.serialDevices.get(portId)?.(bytes);
    return this;
  }

  serialRead(portId: number, maxOrCallback: number | ((bytes: number[]) => void), maybeCallback?: (bytes: number[]) => void): this {
    const callback = typeof maxOrCallback === "function" ? maxOrCallback : maybeCallback;
    if (callback) this.on(`serial-data-${portId}`, callback);
    return this;
  }

  serialStop(portId: number): this {
    this.removeAllListeners(`serial-data-${portId}`);
    return this;
  }

  serialClose(portId: number): this {
    return this.serialStop(portId);
  }

  reportDigitalPin(pin: number, value: number): this {
    this.pinAt(pin).report = value;
    return this;
  }

  reportAnalogPin(channel: number, value: number): this {
    if (value) this.reportedChannels.add(channel);
    else this.reportedChannels.delete(channel);
    return this;
  }

  // --- the outside world's side ---

  /** The level the board drives on an output pin (0/1, or 0-255 for PWM). */
  outputOf(pin: number): number {
    return this.pinAt(pin).value;
  }

  onOutput(listener: OutputListener): () => void {
    this.outputListeners.add(listener);
    return () => this.outputListeners.delete(listener);
  }

  setDigitalInput(pin: number, value: 0 | 1): void {
    const state = this.pinAt(pin);
    if (state.value === value) return;
    state.value = value;
    if (state.report) this.emit(`digital-read-${pin}`, value);
  }

  setAnalogInput(channel: number, raw: number): void {
    this.checkChannel(channel);
    this.analogInputs[channel] = Math.max(0, Math.min(this.RESOLUTION.ADC, Math.round(raw)));
  }

  attachI2cDevice(address: number, device: I2cDevice): void {
    this.i2cDevices.set(address, device);
  }

  /**
   * Loses the next `count` I2C requests (writes and reads: the device never sees them, a read is never
   * answered) or replies (the device answered, the answer never reaches the host), as noise on the bus
   * or a board that drops a byte would. Counts replace what is still left to lose.
   */
  loseI2c(what: "requests" | "replies", count: number): void {
    this.i2cLosses[what] = count;
  }

  /** `onWrite` gets what the board sends on the port; `receiveSerial` delivers what the device sends back. */
  attachSerialDevice(portId: number, onWrite: (bytes: number[]) => void): void {
    this.serialDevices.set(portId, onWrite);
  }

  receiveSerial(portId: number, bytes: number[]): void {
    this.emit(`serial-data-${portId}`, bytes);
  }

  close(): void {
    this.isClosed = true;
    this.cancelSampling?.();
    this.cancelSampling = null;
  }

  private isLost(what: "requests" | "replies"): boolean {
    if (this.i2cLosses[what] <= 0) return false;
    this.i2cLosses[what]--;
    return true;
  }

  private writeOutput(pin: number, value: number): this {
    const state = this.pinAt(pin);
    state.value = value;
    for (const listener of [...this.outputListeners]) listener(pin, value, state.mode);
    return this;
  }

  private startSampling(firstInMs = this.samplingIntervalMs): void {
    if (this.cancelSampling || this.isClosed) return;
    const sample = () => {
      this.lastSampleMs = this.clock.now().getTime();
      this.cancelSampling = this.clock.after(this.samplingIntervalMs, sample);
      for (const channel of this.reportedChannels) this.emit(`analog-read-${channel}`, this.analogInputs[channel]);
    };
    this.cancelSampling = this.clock.after(firstInMs, sample);
  }

  private pinAt(pin: number): PinState {
    const state = this.pins[pin];
    if (!state) throw new RangeError(`VirtualIO has no pin ${pin}`);
    return state;
  }

  private checkChannel(channel: number): void {
    if (!Number.isInteger(channel) || channel < 0 || channel >= analogChannelCount) throw new RangeError(`VirtualIO has no analog input A${channel}`);
  }
}

function pinState(supportedModes: number[], analogChannel: number): PinState {
  return { supportedModes, mode: undefined, value: 0, report: 0, analogChannel };
}
