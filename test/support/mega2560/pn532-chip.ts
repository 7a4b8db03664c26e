/**
 * A PN532 NFC controller on the emulated board's I2C bus (address 0x24), written from NXP's user manual
 * UM0701-02 rather than from the station's driver: normal information frames, the ACK frame, the I2C
 * status byte (bit 0 = a frame is ready), SAMConfiguration, RFConfiguration (MaxRetries) and
 * InListPassiveTarget for ISO 14443A cards at 106 kbps. With MxRtyPassiveActivation 0xFF an
 * InListPassiveTarget searches until a card enters the field (§7.3.5), and an ACK frame from the host
 * aborts the command under way (§6.2.1.3). The P70_IRQ output, when SAMConfiguration leaves it in use
 * (its IRQ parameter, 0x01 by default, §7.2.10), is low while a frame (ACK or answer) is ready for the
 * host and high again once the host has read it. Its timing is a rough model, not the chip's.
 */
import type { AVRTWI, TWIEventHandler } from "avr8js";

export const pn532Address = 0x24;

const ack = [0x00, 0x00, 0xff, 0x00, 0xff, 0x00];
/** One poll of the field, per try; a rough figure. */
const activationMs = 3;

type Pending = { frame: number[]; readyAtMs: number };

/** The P70_IRQ line: the level the chip drives, and the chip's own clock to drive it on. */
export type Pn532Irq = { set(isHigh: boolean): void; after(ms: number, fn: () => void): void };

export class Pn532Chip implements TWIEventHandler {
  /** Command frames with a bad length or data checksum: the line or the board garbled a write. */
  badFrames = 0;
  commands = 0;
  private uid: number[] | null = null;
  private isSamConfigured = false;
  /** MxRtyPassiveActivation: 0xFF (the power-on value) retries for ever, so a poll without a card never ends. */
  private passiveActivationRetries = 0xff;
  private isIrqUsed = true;
  /** An InListPassiveTarget searching the field until a card comes (MxRtyPassiveActivation 0xFF). */
  private isSearching = false;
  private outbox: Pending[] = [];
  private searchParams: number[] = [];
  private transfer: { isWrite: boolean; bytes: number[] } | null = null;

  constructor(
    private readonly twi: AVRTWI,
    private readonly nowMs: () => number,
    private readonly irq: Pn532Irq | null = null,
  ) {
    this.updateIrq();
  }

  present(uid: number[]): void {
    this.uid = uid;
    if (!this.isSearching) return;
    const answer = this.listPassiveTarget();
    if (!answer) return;
    this.isSearching = false;
    this.outbox.push({ frame: informationFrame([0xd5, 0x4b, ...answer.data]), readyAtMs: this.nowMs() + answer.afterMs });
    this.updateIrq();
  }

  remove(): void {
    this.uid = null;
  }

  start(): void {
    this.twi.completeStart();
  }

  connectToSlave(address: number, isWrite: boolean): void {
    if (address !== pn532Address) return this.twi.completeConnect(false);
    this.transfer = { isWrite, bytes: isWrite ? [] : this.nextRead() };
    this.twi.completeConnect(true);
  }

  writeByte(value: number): void {
    this.transfer?.bytes.push(value);
    this.twi.completeWrite(true);
  }

  readByte(): void {
    this.twi.completeRead(this.transfer?.bytes.shift() ?? 0x00);
  }

  stop(): void {
    if (this.transfer?.isWrite) this.receive(this.transfer.bytes);
    this.transfer = null;
    this.updateIrq();
    this.twi.completeStop();
  }

  /** The status byte, then the oldest frame if it is ready (it is consumed), else nothing more. */
  private nextRead(): number[] {
    const next = this.outbox[0];
    if (!next || next.readyAtMs > this.nowMs()) return [0x00];
    this.outbox.shift();
    return [0x01, ...next.frame];
  }

  /** 00 00 FF LEN LCS D4 CMD … DCS 00; a new command aborts the one before, answered or not. */
  private receive(bytes: number[]): void {
    if (bytes.length === ack.length && ack.every((byte, index) => bytes[index] === byte)) return this.abort();
    const start = bytes.findIndex((byte, index) => byte === 0x00 && bytes[index + 1] === 0xff);
    const length = bytes[start + 2] ?? 0;
    const body = bytes.slice(start + 4, start + 4 + length);
    const dataChecksum = bytes[start + 4 + length] ?? -1;
    const isValid = start >= 0 && length > 0 && ((length + (bytes[start + 3] ?? 0)) & 0xff) === 0 && body.length === length && ((sum(body) + dataChecksum) & 0xff) === 0;
    if (!isValid || body[0] !== 0xd4) {
      this.badFrames++;
      return;
    }
    this.commands++;
    const nowMs = this.nowMs();
    this.isSearching = false;
    this.outbox = [{ frame: ack, readyAtMs: nowMs + 1 }];
    const answer = this.execute(body[1]!, body.slice(2));
    if (answer) this.outbox.push({ frame: informationFrame([0xd5, body[1]! + 1, ...answer.data]), readyAtMs: nowMs + answer.afterMs });
  }

  private execute(command: number, params: number[]): { data: number[]; afterMs: number } | null {
    switch (command) {
      case 0x14: // SAMConfiguration: Mode 1 (normal), Timeout, [IRQ]
        this.isSamConfigured = params[0] === 0x01;
        this.isIrqUsed = params[2] !== 0x00;
        return { data: [], afterMs: 2 };
      case 0x32: // RFConfiguration; item 5 = MaxRetries: MxRtyATR, MxRtyPSL, MxRtyPassiveActivation
        if (params[0] === 0x05 && params.length === 4) this.passiveActivationRetries = params[3]!;
        return { data: [], afterMs: 1 };
      case 0x4a: // InListPassiveTarget: MaxTg, BrTy (0 = 106 kbps type A)
        this.searchParams = params;
        return this.listPassiveTarget();
      default:
        return null;
    }
  }

  /** Tg 1, SENS_RES and SEL_RES of a MIFARE Classic (4-byte UID) or Ultralight (7 and 10 bytes), NFCID1. */
  private listPassiveTarget(): { data: number[]; afterMs: number } | null {
    const [maxTargets, baudRateType] = this.searchParams;
    const canSeeCard = this.isSamConfigured && (maxTargets === 1 || maxTargets === 2) && baudRateType === 0x00;
    if (canSeeCard && this.uid) {
      const [sensRes, selRes] = this.uid.length === 4 ? [[0x00, 0x04], 0x08] : [[0x00, 0x44], 0x00];
      return { data: [1, 1, ...sensRes, selRes, this.uid.length, ...this.uid], afterMs: activationMs };
    }
    if (this.passiveActivationRetries === 0xff) {
      this.isSearching = canSeeCard;
      return null;
    }
    return { data: [0], afterMs: activationMs * (this.passiveActivationRetries + 1) };
  }

  private abort(): void {
    this.isSearching = false;
    this.outbox = [];
    this.updateIrq();
  }

  /** Low while the oldest frame is ready for the host; a frame still being prepared pulls it low when it is. */
  private updateIrq(): void {
    if (!this.irq) return;
    const next = this.outbox[0];
    const nowMs = this.nowMs();
    this.irq.set(!(this.isIrqUsed && next !== undefined && next.readyAtMs <= nowMs));
    if (next && next.readyAtMs > nowMs) this.irq.after(next.readyAtMs - nowMs, () => this.updateIrq());
  }
}

function sum(bytes: number[]): number {
  return bytes.reduce((total, byte) => total + byte, 0);
}

function informationFrame(body: number[]): number[] {
  return [0x00, 0x00, 0xff, body.length, (0x100 - body.length) & 0xff, ...body, (0x100 - (sum(body) & 0xff)) & 0xff, 0x00];
}
