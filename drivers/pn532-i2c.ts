import type { Board } from "johnny-five";
import type { Clock } from "../src/station/ports.ts";
import { ackFrame, decodeFrame, encodeFrame, hostToPn532, isAck, pn532ToHost } from "./pn532-frame.ts";

export type Pn532I2cOptions = {
  board: Board;
  address: number;
  clock: Clock;
  /** When the ACK and answer are first read after the command (default: a real chip's time, below); 0 reads at once. */
  answerAfterMs?: number;
  /** An exchange (command, ACK, answer) still unfinished after this long lost a request or a reply on the way. */
  exchangeTimeoutMs?: number;
};

export type Exchange = { ok: true; data: number[] } | { ok: false; reason: string };

/** The exchange under way; its callbacks count only while it is the current one. */
type Attempt = { cancelDeadline: () => void; cancelWait: () => void; stopReading: (() => void) | null };

/** Over I2C every read starts with a status byte: bit 0 set = the PN532 has a frame ready. */
const statusReady = 0x01;
/**
 * When the answer is first read after the command is written: the command frame on the line (Firmata,
 * ~6 ms), the ACK (about 1 ms) and an InListPassiveTarget with 2 activation retries, no card (a few ms),
 * so that the ACK and the answer are usually read in one go; a later answer is polled for every 5 ms.
 */
export const defaultAnswerAfterMs = 12;
const readyPollMs = 5;
const readyAttempts = 20;
/** Status + the longest InListPassiveTarget answer (a 10-byte UID) with its framing. */
const responseReadBytes = 1 + 28;
/**
 * A healthy exchange over Firmata at 57600 baud takes tens of milliseconds; even one that gives up on a
 * chip never ready (2 × 20 polls) ends within about 700 ms. Only a lost request or reply takes longer.
 */
const defaultExchangeTimeoutMs = 1_500;

/**
 * The host's side of the PN532's I2C link, one exchange at a time: write a command frame; once the chip
 * should have answered, read the ACK and at once the answer (polling the status every 5 ms only for what
 * is not ready yet); all waiting is on the injected clock. Every exchange ends, answered or not: a request
 * or reply the board or the bus lost ends it as a failure once its deadline passes.
 */
export class Pn532I2c {
  private attempt: Attempt | null = null;

  constructor(private readonly options: Pn532I2cOptions) {
    options.board.io.i2cConfig({ address: options.address });
  }

  /** Command, ACK and answer. */
  exchange(command: number, params: number[], done: (result: Exchange) => void): void {
    this.command(command, params, true, done);
  }

  /**
   * Command and ACK only: the answer comes when the chip has one (a card in the field), and `readAnswer`
   * takes it. `done` gets an empty `data` once the chip has acknowledged the command.
   */
  start(command: number, params: number[], done: (result: Exchange) => void): void {
    this.command(command, params, false, done);
  }

  /** One read of the status and an answer to `command`; "not ready" when the chip has no frame for the host. */
  readAnswer(command: number, done: (result: Exchange | "not ready") => void): void {
    const finish = this.begin(done);
    const attempt = this.attempt!;
    this.read(attempt, responseReadBytes, (bytes) => {
      if ((bytes[0]! & statusReady) === 0) return finish("not ready");
      finish(answerTo(command, bytes.slice(1)));
    });
  }

  /** UM0701-02 §6.2.1.3: an ACK frame from the host aborts the command the chip is processing. */
  abort(): void {
    this.cancel();
    this.options.board.io.i2cWrite(this.options.address, ackFrame);
  }

  /** Gives up the exchange under way: none of its callbacks run, and no read or timer is left behind. */
  cancel(): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.attempt = null;
    attempt.cancelDeadline();
    attempt.cancelWait();
    attempt.stopReading?.();
  }

  private command(command: number, params: number[], isAnswerRead: boolean, done: (result: Exchange) => void): void {
    const finish = this.begin(done);
    const attempt = this.attempt!;
    this.options.board.io.i2cWrite(this.options.address, encodeFrame(hostToPn532, [command, ...params]));
    this.readReady(attempt, 1 + 6, this.options.answerAfterMs ?? defaultAnswerAfterMs, (ack) => {
      if (!ack) return finish({ ok: false, reason: "no ACK" });
      if (!isAck(ack)) return finish({ ok: false, reason: "garbled ACK" });
      if (!isAnswerRead) return finish({ ok: true, data: [] });
      this.readReady(attempt, responseReadBytes, 0, (response) => finish(response ? answerTo(command, response) : { ok: false, reason: "no answer" }));
    });
  }

  /** A new attempt with its deadline, armed before the first byte leaves so that nothing the board does or fails to do can leave it open. */
  private begin<R>(done: (result: R | Exchange) => void): (result: R | Exchange) => void {
    this.cancel();
    const attempt: Attempt = { cancelDeadline: () => {}, cancelWait: () => {}, stopReading: null };
    const finish = (result: R | Exchange) => {
      if (this.attempt !== attempt) return;
      this.cancel();
      done(result);
    };
    const timeoutMs = this.options.exchangeTimeoutMs ?? defaultExchangeTimeoutMs;
    attempt.cancelDeadline = this.options.clock.after(timeoutMs, () => finish({ ok: false, reason: `no reply within ${timeoutMs} ms` }));
    this.attempt = attempt;
    return finish;
  }

  /**
   * Reads after `delayMs` (0: at once, without a timer), then every 5 ms until the status byte says ready;
   * gives the bytes after it, or null when the chip never got ready.
   */
  private readReady(attempt: Attempt, count: number, delayMs: number, done: (bytes: number[] | null) => void, pollCount = 1): void {
    const read = () =>
      this.read(attempt, count, (bytes) => {
        if ((bytes[0]! & statusReady) !== 0) return done(bytes.slice(1));
        if (pollCount >= readyAttempts) return done(null);
        this.readReady(attempt, count, readyPollMs, done, pollCount + 1);
      });
    if (delayMs > 0) attempt.cancelWait = this.options.clock.after(delayMs, read);
    else read();
  }

  private read(attempt: Attempt, count: number, done: (bytes: number[]) => void): void {
    if (this.attempt !== attempt) return;
    const { io } = this.options.board;
    const onReply = (bytes: number[]) => {
      attempt.stopReading = null;
      if (this.attempt === attempt) done(bytes.length > 0 ? bytes : [0]);
    };
    // firmata-io (and the virtual IO) wait for the reply with a once-listener on this event; a reply
    // that never comes would otherwise leave it behind, to catch the answer to a later read.
    attempt.stopReading = () => io.removeListener(`I2C-reply-${this.options.address}-0`, onReply);
    io.i2cReadOnce(this.options.address, count, onReply);
  }
}

function answerTo(command: number, bytes: number[]): Exchange {
  const frame = decodeFrame(bytes);
  if (!frame.ok) return frame;
  if (frame.tfi !== pn532ToHost || frame.data[0] !== command + 1) return { ok: false, reason: "answer to another command" };
  return { ok: true, data: frame.data.slice(1) };
}
