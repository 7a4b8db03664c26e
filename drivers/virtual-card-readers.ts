import type { Clock } from "../src/station/ports.ts";
import { hexToBytes } from "./card-presence.ts";
import { ackFrame, decodeFrame, encodeFrame, hostToPn532, isAck, pn532Commands, pn532ToHost } from "./pn532-frame.ts";
import { encodeUartFrame } from "./uart-card-reader.ts";
import type { I2cDevice, VirtualIO } from "./virtual-io.ts";

/** A simulated reader: a card (upper-case hex UID) is in its field or not. */
export interface VirtualCardReader {
  present(uidHex: string): void;
  remove(): void;
}

/** ISO 14443A type A answers for a MIFARE Classic-like card. */
const sensRes = [0x00, 0x04];
const selRes = 0x08;

/**
 * A PN532 on the virtual I2C bus: acknowledges each command frame, then answers SAMConfiguration,
 * RFConfiguration and InListPassiveTarget with the card in its field. With MxRtyPassiveActivation 0xFF
 * (the power-on value) an InListPassiveTarget without a card waits in the chip until one comes; an ACK
 * frame from the host aborts it (UM0701-02 §6.2.1.3). Given an IRQ pin, it holds that input low while a
 * frame is ready for the host, as the chip's P70_IRQ does. `garbleNextAnswers` spoils the checksums of
 * answers still to come, as interference on the bus would (the virtual IO's `loseI2c` loses them on the
 * way instead).
 */
export class VirtualPn532 implements I2cDevice, VirtualCardReader {
  private readonly outbox: number[][] = [];
  private uid: number[] | null = null;
  private answersToGarble = 0;
  private passiveActivationRetries = 0xff;
  private isWaitingForCard = false;

  constructor(private readonly irq?: { io: VirtualIO; pin: number }) {
    this.updateIrq();
  }

  present(uidHex: string): void {
    this.uid = hexToBytes(uidHex);
    if (!this.isWaitingForCard) return;
    this.isWaitingForCard = false;
    this.queue(this.answer(pn532Commands.inListPassiveTarget, [0x01, 0x00])!);
  }

  remove(): void {
    this.uid = null;
  }

  garbleNextAnswers(count: number): void {
    this.answersToGarble = count;
  }

  write(bytes: number[]): void {
    if (isAck(bytes)) return this.abort();
    const frame = decodeFrame(bytes);
    if (!frame.ok || frame.tfi !== hostToPn532 || frame.data[0] === undefined) return;
    const command = frame.data[0];
    const answer = this.answer(command, frame.data.slice(1));
    if (!answer) return;
    // Only the latest command has an answer waiting: one the host never read (its reply lost) is dropped.
    this.outbox.length = 0;
    this.outbox.push([...ackFrame]);
    this.isWaitingForCard = command === pn532Commands.inListPassiveTarget && answer[1] === 0 && this.passiveActivationRetries === 0xff;
    if (this.isWaitingForCard) this.updateIrq();
    else this.queue(answer);
  }

  /** The status byte (1 = ready) and the next pending frame, padded to `count`. */
  read(count: number): number[] {
    const frame = this.outbox.shift();
    this.updateIrq();
    const bytes = frame ? [0x01, ...frame] : [0x00];
    return [...bytes, ...new Array<number>(Math.max(0, count - bytes.length)).fill(0)].slice(0, count);
  }

  private abort(): void {
    this.outbox.length = 0;
    this.isWaitingForCard = false;
    this.updateIrq();
  }

  private queue(answer: number[]): void {
    const encoded = encodeFrame(pn532ToHost, answer);
    if (this.answersToGarble > 0) {
      this.answersToGarble--;
      encoded[encoded.length - 2]! ^= 0x5a;
    }
    this.outbox.push(encoded);
    this.updateIrq();
  }

  private updateIrq(): void {
    this.irq?.io.setDigitalInput(this.irq.pin, this.outbox.length > 0 ? 0 : 1);
  }

  private answer(command: number, params: number[]): number[] | null {
    switch (command) {
      case pn532Commands.samConfiguration:
        return [command + 1];
      case pn532Commands.rfConfiguration:
        if (params[0] === 0x05 && params.length === 4) this.passiveActivationRetries = params[3]!;
        return [command + 1];
      case pn532Commands.inListPassiveTarget:
        if (!this.uid || params[1] !== 0x00) return [command + 1, 0];
        return [command + 1, 1, 1, ...sensRes, selRes, this.uid.length, ...this.uid];
      default:
        return null;
    }
  }
}

/** A UART reader on one of the board's serial ports: repeats the card's frame while the card is held. */
export class VirtualUartReader implements VirtualCardReader {
  private cancelRepeat: (() => void) | null = null;

  constructor(
    private readonly io: VirtualIO,
    private readonly portId: number,
    private readonly clock: Clock,
    private readonly repeatMs = 250,
  ) {}

  present(uidHex: string): void {
    this.remove();
    const frame = encodeUartFrame(uidHex);
    const send = () => {
      this.io.receiveSerial(this.portId, frame);
      this.cancelRepeat = this.clock.after(this.repeatMs, send);
    };
    send();
  }

  remove(): void {
    this.cancelRepeat?.();
    this.cancelRepeat = null;
  }
}
