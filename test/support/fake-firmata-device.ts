/**
 * A Firmata board for tests, on the far end of a PTY pair: answers the version, firmware, capability and
 * analog-mapping queries like StandardFirmata on an Arduino Mega, keeps the outputs the host writes,
 * reports the inputs the test sets (analog ones as their reporting starts, then every sampling interval:
 * 19 ms until SAMPLING_INTERVAL sets another, from 1 ms as StandardFirmataPlus takes it) and relays
 * serial data.
 */
import { SerialTransport } from "../../drivers/serial-transport.ts";
import { systemClock } from "./system-clock.ts";

const digitalPins = 54;
const analogChannels = 16;
const modes = { INPUT: 0x00, OUTPUT: 0x01, ANALOG: 0x02, PWM: 0x03, PULLUP: 0x0b };
const sysex = { start: 0xf0, end: 0xf7, queryFirmware: 0x79, capabilityQuery: 0x6b, capabilityResponse: 0x6c, analogMappingQuery: 0x69, analogMappingResponse: 0x6a, extendedAnalog: 0x6f, serialMessage: 0x60, samplingInterval: 0x7a };

export class FakeFirmataDevice {
  readonly pinModes = new Map<number, number>();
  readonly outputs = new Map<number, number>();
  readonly serialReadPorts = new Set<number>();
  /** Every SAMPLING_INTERVAL the host sent, in ms. */
  readonly samplingIntervals: number[] = [];
  private readonly inputs = new Array<number>(digitalPins + analogChannels).fill(0);
  private readonly analogInputs = new Array<number>(analogChannels).fill(0);
  private readonly reportedPorts = new Set<number>();
  private readonly reportedChannels = new Set<number>();
  private readonly transport: SerialTransport;
  private pending: number[] = [];
  private sampler: ReturnType<typeof setInterval> | null = null;
  private samplingMs = 19;
  private isSilent = false;

  constructor(path: string) {
    this.transport = new SerialTransport(path, 57600, systemClock);
    this.transport.on("data", (data: Buffer) => this.receive(data));
    this.transport.on("error", () => this.close());
  }

  start(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.transport.once("open", () => resolve());
      this.transport.once("error", reject);
      this.transport.open();
      this.sampler = setInterval(() => this.sampleAnalog(), this.samplingMs);
    });
  }

  setDigitalInput(pin: number, value: 0 | 1): void {
    this.inputs[pin] = value;
    const port = pin >> 3;
    if (this.reportedPorts.has(port)) this.reportPort(port);
  }

  setAnalogInput(channel: number, raw: number): void {
    this.analogInputs[channel] = raw;
  }

  sendSerial(portId: number, bytes: number[]): void {
    this.send([sysex.start, sysex.serialMessage, 0x40 | portId, ...bytes.flatMap(sevenBitPair), sysex.end]);
  }

  /** A hung board: it stops sending anything. */
  fallSilent(): void {
    this.isSilent = true;
  }

  close(): void {
    if (this.sampler) clearInterval(this.sampler);
    this.sampler = null;
    this.transport.close();
  }

  private send(bytes: number[]): void {
    if (!this.isSilent && this.transport.isOpen) this.transport.write(bytes);
  }

  /** As StandardFirmataPlus: the value goes out at once, then with every sampling. */
  private startAnalogReport(channel: number): void {
    this.reportedChannels.add(channel);
    this.reportAnalog(channel);
  }

  private sampleAnalog(): void {
    for (const channel of this.reportedChannels) this.reportAnalog(channel);
  }

  private reportAnalog(channel: number): void {
    this.send([0xe0 | channel, ...sevenBitPair(this.analogInputs[channel]!)]);
  }

  private reportPort(port: number): void {
    let value = 0;
    for (let bit = 0; bit < 8; bit++) value |= (this.inputs[port * 8 + bit] ?? 0) << bit;
    this.send([0x90 | port, value & 0x7f, (value >> 7) & 0x01]);
  }

  private receive(data: Buffer): void {
    for (const byte of data) {
      if (byte & 0x80 && this.pending[0] !== sysex.start) this.pending = [];
      if (this.pending.length === 0 && !(byte & 0x80)) continue;
      this.pending.push(byte);
      if (this.isComplete(this.pending)) {
        const message = this.pending;
        this.pending = [];
        this.handle(message);
      }
    }
  }

  private isComplete(message: number[]): boolean {
    const command = message[0]!;
    if (command === sysex.start) return message[message.length - 1] === sysex.end;
    if (command === 0xf9 || command === 0xff) return true;
    const kind = command < 0xf0 ? command & 0xf0 : command;
    return message.length === (kind === 0xc0 || kind === 0xd0 ? 2 : 3);
  }

  private handle(message: number[]): void {
    const [command, a = 0, b = 0] = message;
    const kind = command! < 0xf0 ? command! & 0xf0 : command!;
    if (command === sysex.start) return this.handleSysex(message.slice(1, -1));
    if (command === 0xf9) return this.send([0xf9, 2, 5]);
    if (command === 0xf4) return void this.pinModes.set(a, b);
    if (command === 0xf5) return void this.outputs.set(a, b);
    if (kind === 0x90) return this.writePort(command! & 0x0f, a | (b << 7));
    if (kind === 0xe0) return void this.outputs.set(command! & 0x0f, a | (b << 7));
    if (kind === 0xc0) return a ? this.startAnalogReport(command! & 0x0f) : void this.reportedChannels.delete(command! & 0x0f);
    if (kind === 0xd0 && a) {
      this.reportedPorts.add(command! & 0x0f);
      this.reportPort(command! & 0x0f);
    }
  }

  private writePort(port: number, value: number): void {
    for (let bit = 0; bit < 8; bit++) {
      const pin = port * 8 + bit;
      if (this.pinModes.get(pin) === modes.OUTPUT) this.outputs.set(pin, (value >> bit) & 1);
    }
  }

  private handleSysex([command, ...data]: number[]): void {
    if (command === sysex.queryFirmware) this.send([sysex.start, sysex.queryFirmware, 2, 5, ..."FakeFirmata.ino".split("").flatMap((c) => sevenBitPair(c.charCodeAt(0))), sysex.end]);
    if (command === sysex.capabilityQuery) this.send([sysex.start, sysex.capabilityResponse, ...capabilities(), sysex.end]);
    if (command === sysex.analogMappingQuery) this.send([sysex.start, sysex.analogMappingResponse, ...analogMapping(), sysex.end]);
    if (command === sysex.extendedAnalog) this.outputs.set(data[0]!, (data[1] ?? 0) | ((data[2] ?? 0) << 7));
    if (command === sysex.serialMessage && ((data[0] ?? 0) & 0xf0) === 0x30) this.serialReadPorts.add(data[0]! & 0x0f);
    if (command === sysex.samplingInterval) this.setSamplingInterval((data[0] ?? 0) | ((data[1] ?? 0) << 7));
  }

  private setSamplingInterval(ms: number): void {
    this.samplingIntervals.push(ms);
    this.samplingMs = Math.max(1, ms);
    if (!this.sampler) return;
    clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sampleAnalog(), this.samplingMs);
  }
}

function sevenBitPair(value: number): [number, number] {
  return [value & 0x7f, (value >> 7) & 0x7f];
}

/** Per pin: (mode, resolution) pairs, then 0x7F. Digital pins do I/O, 8-bit PWM and pull-up; A0-A15 are 10-bit inputs. */
function capabilities(): number[] {
  const digital = [modes.INPUT, 1, modes.OUTPUT, 1, modes.PWM, 8, modes.PULLUP, 1, 0x7f];
  const analog = [modes.INPUT, 1, modes.OUTPUT, 1, modes.ANALOG, 10, modes.PULLUP, 1, 0x7f];
  return [...Array.from({ length: digitalPins }, () => digital).flat(), ...Array.from({ length: analogChannels }, () => analog).flat()];
}

function analogMapping(): number[] {
  return [...new Array<number>(digitalPins).fill(0x7f), ...Array.from({ length: analogChannels }, (_, channel) => channel)];
}
