import type { Board } from "johnny-five";
import type { serialPortIds } from "../src/config/hardware.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import { CardPresence, hexToBytes } from "./card-presence.ts";

const stx = 0x02;
const etx = 0x03;
/** 4-10 byte UIDs as hex, then two hex digits of checksum. */
const frameBody = /^((?:[0-9A-F]{2}){4,10})([0-9A-F]{2})$/;
const maxFrameLength = 2 * 10 + 2;

function xorOf(bytes: number[]): number {
  return bytes.reduce((acc, byte) => acc ^ byte, 0);
}

/**
 * The UART reader's frame, as RDM6300-style readers send it: STX, the UID in ASCII hex, the XOR of the
 * UID bytes in ASCII hex, ETX. Repeated while the card stays in the field.
 */
export function encodeUartFrame(uidHex: string): number[] {
  const uid = uidHex.toUpperCase();
  const checksum = xorOf(hexToBytes(uid)).toString(16).padStart(2, "0").toUpperCase();
  return [stx, ...Buffer.from(uid + checksum, "ascii"), etx];
}

export type UartFrame = { ok: true; uid: string } | { ok: false; reason: string };

/** Reassembles frames from a byte stream; garbage between frames and broken frames are dropped. */
export class UartFrameDecoder {
  private body: number[] | null = null;

  push(bytes: Iterable<number>): UartFrame[] {
    const frames: UartFrame[] = [];
    for (const byte of bytes) {
      if (byte === stx) {
        if (this.body) frames.push({ ok: false, reason: "frame cut short by a new STX" });
        this.body = [];
      } else if (this.body && byte === etx) {
        frames.push(parseBody(this.body));
        this.body = null;
      } else if (this.body) {
        this.body.push(byte);
        if (this.body.length > maxFrameLength) {
          frames.push({ ok: false, reason: "frame too long" });
          this.body = null;
        }
      }
    }
    return frames;
  }
}

function parseBody(body: number[]): UartFrame {
  const match = frameBody.exec(Buffer.from(body).toString("latin1").toUpperCase());
  if (!match) return { ok: false, reason: "not a hex UID with checksum" };
  const uid = match[1]!;
  if (xorOf(hexToBytes(uid)) !== Number.parseInt(match[2]!, 16)) return { ok: false, reason: "bad checksum" };
  return { ok: true, uid };
}

export type UartCardReaderOptions = {
  board: Board;
  serialPort: (typeof serialPortIds)[number];
  baudRate: number;
  rxPin?: number;
  txPin?: number;
  clock: Clock;
  log: Log;
  /** A held card repeats its frame several times a second; this long without one, it has been taken away. */
  goneAfterMs?: number;
  onCardPresented(idTag: string): void;
  onCardLeft?(): void;
};

/** A UART card reader on one of the board's serial ports. */
export class UartCardReader {
  private readonly decoder = new UartFrameDecoder();
  private readonly presence: CardPresence;
  private readonly portId: number;
  private readonly onData = (bytes: number[]) => this.receive(bytes);
  private cancelGone: (() => void) | null = null;

  constructor(private readonly options: UartCardReaderOptions) {
    const { io } = options.board;
    this.portId = io.SERIAL_PORT_IDs[options.serialPort];
    this.presence = new CardPresence(1, { presented: options.onCardPresented, left: options.onCardLeft });
    io.serialConfig({ portId: this.portId, baud: options.baudRate, rxPin: options.rxPin, txPin: options.txPin });
    io.serialRead(this.portId, this.onData);
  }

  dispose(): void {
    this.cancelGone?.();
    this.options.board.io.removeListener(`serial-data-${this.portId}`, this.onData);
  }

  private receive(bytes: number[]): void {
    for (const frame of this.decoder.push(bytes)) {
      if (!frame.ok) {
        this.options.log.debug("card reader frame dropped", { reason: frame.reason });
        continue;
      }
      this.cancelGone?.();
      this.cancelGone = this.options.clock.after(this.options.goneAfterMs ?? 600, () => this.presence.missed());
      this.presence.seen(frame.uid);
    }
  }
}
