import type { Board } from "johnny-five";
import type { Clock, Log } from "../src/station/ports.ts";
import { CardPresence, uidToHex } from "./card-presence.ts";
import { decodeFrame, encodeFrame, hostToPn532, isAck, pn532Commands, pn532ToHost } from "./pn532-frame.ts";

export type Pn532ReaderOptions = {
  board: Board;
  address: number;
  clock: Clock;
  log: Log;
  /** From the start of one poll to the start of the next. */
  pollIntervalMs?: number;
  /** When the ACK and answer are first read after the command (default: a real chip's time, below); 0 reads at once. */
  answerAfterMs?: number;
  /** An exchange (command, ACK, answer) still unfinished after this long lost a request or a reply on the way. */
  exchangeTimeoutMs?: number;
  onCardPresented(idTag: string): void;
  onCardLeft?(): void;
  onHealthChanged(isHealthy: boolean): void;
};

type Exchange = { ok: true; data: number[] } | { ok: false; reason: string };

/** The exchange under way; its callbacks count only while it is the current one. */
type Attempt = { cancelDeadline: () => void; stopReading: (() => void) | null };

/** Over I2C every read starts with a status byte: bit 0 set = the PN532 has a frame ready. */
const statusReady = 0x01;
/**
 * The reader must read a card within 300 ms of its presentation. The worst case is a card presented just
 * after a poll's field activations: it is seen by the next poll, `pollIntervalMs` after that one began, and
 * read once that poll's answer is in: `answerAfterMs` plus the two reads, over Firmata at 57600 baud about
 * 20 ms (a 29-byte I2C reply is ~65 bytes on the line). 265 + 12 + 20 ≈ 297 ms.
 */
const defaultPollIntervalMs = 265;
/**
 * When the answer is first read after the command is written: the command frame on the line (Firmata,
 * ~6 ms), the ACK (about 1 ms) and an InListPassiveTarget with 2 activation retries, no card (a few ms),
 * so that the ACK and the answer are usually read in one go; a later answer is polled for every 5 ms.
 */
const defaultAnswerAfterMs = 12;
const readyPollMs = 5;
const readyAttempts = 20;
/** Status + the longest InListPassiveTarget answer (a 10-byte UID) with its framing. */
const responseReadBytes = 1 + 28;
const failuresBeforeUnhealthy = 3;
/**
 * A healthy exchange over Firmata at 57600 baud takes tens of milliseconds; even one that gives up on a
 * chip never ready (2 × 20 polls) ends within about 700 ms. Only a lost request or reply takes longer.
 */
const defaultExchangeTimeoutMs = 1_500;

/**
 * A PN532 on the board's I2C bus polling for ISO 14443A cards with InListPassiveTarget. Each exchange
 * is: write a command frame; once the chip should have answered, read the ACK and at once the answer
 * (polling the status every 5 ms only for what is not ready yet); all waiting is on the injected clock.
 * An idle poll thus wakes the station twice (the poll and the read) plus the board's replies.
 * Every exchange ends, answered or not: a request or reply the board or the bus lost counts as a failed
 * exchange once its deadline passes, and the next poll is always scheduled.
 */
export class Pn532Reader {
  private readonly presence: CardPresence;
  private isConfigured = false;
  private failures = 0;
  private isHealthy = true;
  private cancelTimer: (() => void) | null = null;
  private attempt: Attempt | null = null;
  private isDisposed = false;

  constructor(private readonly options: Pn532ReaderOptions) {
    this.presence = new CardPresence(2, { presented: options.onCardPresented, left: options.onCardLeft });
    options.board.io.i2cConfig({ address: options.address });
    this.later(0, () => this.cycle());
  }

  dispose(): void {
    this.isDisposed = true;
    this.cancelTimer?.();
    this.endAttempt();
  }

  private cycle(): void {
    if (!this.isConfigured) return this.configure();
    const startedAt = this.options.clock.now().getTime();
    this.exchange(pn532Commands.inListPassiveTarget, [0x01, 0x00], (result) => {
      if (result.ok) this.onTargets(result.data);
      else this.onFailure(result.reason);
      const nextAt = startedAt + this.pollIntervalMs;
      this.later(Math.max(0, nextAt - this.options.clock.now().getTime()), () => this.cycle());
    });
  }

  private get pollIntervalMs(): number {
    return this.options.pollIntervalMs ?? defaultPollIntervalMs;
  }

  /** Normal mode without the IRQ line, and at most 2 activation retries so that a poll without a card returns. */
  private configure(): void {
    this.exchange(pn532Commands.samConfiguration, [0x01, 0x14, 0x00], (sam) => {
      if (!sam.ok) return this.retryConfigure(sam.reason);
      this.exchange(pn532Commands.rfConfiguration, [0x05, 0xff, 0x01, 0x02], (rf) => {
        if (!rf.ok) return this.retryConfigure(rf.reason);
        this.isConfigured = true;
        this.later(0, () => this.cycle());
      });
    });
  }

  private retryConfigure(reason: string): void {
    this.onFailure(reason);
    this.later(this.pollIntervalMs, () => this.cycle());
  }

  /** InListPassiveTarget answer: NbTg, then Tg, SENS_RES (2), SEL_RES, NFCIDLength, NFCID. */
  private onTargets(data: number[]): void {
    this.setHealthy();
    const targetCount = data[0] ?? 0;
    const uidLength = data[5] ?? 0;
    const uid = data.slice(6, 6 + uidLength);
    if (targetCount === 0 || uidLength === 0 || uid.length !== uidLength) return this.presence.missed();
    this.presence.seen(uidToHex(uid));
  }

  private onFailure(reason: string): void {
    this.options.log.debug("PN532 exchange failed", { reason });
    if (++this.failures < failuresBeforeUnhealthy) return;
    this.isConfigured = false;
    if (this.isHealthy) {
      this.isHealthy = false;
      this.options.log.warn("card reader does not answer", { reason });
      this.options.onHealthChanged(false);
    }
  }

  private setHealthy(): void {
    this.failures = 0;
    if (this.isHealthy) return;
    this.isHealthy = true;
    this.options.log.info("card reader answers again");
    this.options.onHealthChanged(true);
  }

  private exchange(command: number, params: number[], done: (result: Exchange) => void): void {
    const attempt: Attempt = { cancelDeadline: () => {}, stopReading: null };
    const finish = (result: Exchange) => {
      if (this.attempt !== attempt) return;
      this.endAttempt();
      done(result);
    };
    const timeoutMs = this.options.exchangeTimeoutMs ?? defaultExchangeTimeoutMs;
    // Armed before the first byte leaves, so that nothing the board does or fails to do can end the polling.
    attempt.cancelDeadline = this.options.clock.after(timeoutMs, () => finish({ ok: false, reason: `no reply within ${timeoutMs} ms` }));
    this.attempt = attempt;
    this.options.board.io.i2cWrite(this.options.address, encodeFrame(hostToPn532, [command, ...params]));
    this.readReady(attempt, 1 + 6, this.options.answerAfterMs ?? defaultAnswerAfterMs, (ack) => {
      if (!ack) return finish({ ok: false, reason: "no ACK" });
      if (!isAck(ack)) return finish({ ok: false, reason: "garbled ACK" });
      this.readReady(attempt, responseReadBytes, 0, (response) => {
        if (!response) return finish({ ok: false, reason: "no answer" });
        const frame = decodeFrame(response);
        if (!frame.ok) return finish(frame);
        if (frame.tfi !== pn532ToHost || frame.data[0] !== command + 1) return finish({ ok: false, reason: "answer to another command" });
        finish({ ok: true, data: frame.data.slice(1) });
      });
    });
  }

  /**
   * Reads after `delayMs` (0: at once, without a timer), then every 5 ms until the status byte says ready;
   * gives the bytes after it, or null when the chip never got ready.
   */
  private readReady(attempt: Attempt, count: number, delayMs: number, done: (bytes: number[] | null) => void, pollCount = 1): void {
    const read = () => {
      if (this.attempt !== attempt) return;
      const { io } = this.options.board;
      const onReply = (bytes: number[]) => {
        attempt.stopReading = null;
        if (this.attempt !== attempt) return;
        if (((bytes[0] ?? 0) & statusReady) !== 0) return done(bytes.slice(1));
        if (pollCount >= readyAttempts) return done(null);
        this.readReady(attempt, count, readyPollMs, done, pollCount + 1);
      };
      // firmata-io (and the virtual IO) wait for the reply with a once-listener on this event; a reply
      // that never comes would otherwise leave it behind, to catch the answer to a later read.
      attempt.stopReading = () => io.removeListener(`I2C-reply-${this.options.address}-0`, onReply);
      io.i2cReadOnce(this.options.address, count, onReply);
    };
    if (delayMs > 0) this.later(delayMs, read);
    else read();
  }

  private endAttempt(): void {
    const attempt = this.attempt;
    if (!attempt) return;
    this.attempt = null;
    attempt.cancelDeadline();
    attempt.stopReading?.();
  }

  private later(ms: number, fn: () => void): void {
    if (this.isDisposed) return;
    this.cancelTimer = this.options.clock.after(ms, fn);
  }
}
