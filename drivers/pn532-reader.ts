import type { Board } from "johnny-five";
import type { Clock, Log } from "../src/station/ports.ts";
import { CardPresence, uidToHex } from "./card-presence.ts";
import { watchDigitalInput } from "./digital-input.ts";
import { pn532Commands } from "./pn532-frame.ts";
import { type Exchange, Pn532I2c } from "./pn532-i2c.ts";

export type Pn532ReaderOptions = {
  board: Board;
  address: number;
  clock: Clock;
  log: Log;
  /** The digital input the chip's IRQ output is wired to; without it the reader polls the field. */
  irqPin?: number;
  /** From the start of one poll to the start of the next. */
  pollIntervalMs?: number;
  /** While the chip waits for a card: how often it is stopped, asked whether it still answers, and set waiting again. */
  healthCheckMs?: number;
  /** When the ACK and answer are first read after the command (default: a real chip's time); 0 reads at once. */
  answerAfterMs?: number;
  /** An exchange (command, ACK, answer) still unfinished after this long lost a request or a reply on the way. */
  exchangeTimeoutMs?: number;
  onCardPresented(idTag: string): void;
  onCardLeft?(): void;
  onHealthChanged(isHealthy: boolean): void;
};

/**
 * The reader must read a card within 300 ms of its presentation. The worst case is a card presented just
 * after a poll's field activations: it is seen by the next poll, `pollIntervalMs` after that one began, and
 * read once that poll's answer is in: `answerAfterMs` plus the two reads, over Firmata at 57600 baud about
 * 20 ms (a 29-byte I2C reply is ~65 bytes on the line). 265 + 12 + 20 ≈ 297 ms.
 */
const defaultPollIntervalMs = 265;
/** Rare enough to cost nothing while idle (about 3 exchanges), often enough that a dead chip or a lost IRQ edge is found within a minute. */
const defaultHealthCheckMs = 30_000;
const failuresBeforeUnhealthy = 3;
/** RFConfiguration item 5, MxRtyPassiveActivation: 2 retries so that a poll without a card returns; 0xFF waits for a card for ever. */
const pollRetries = 0x02;
const waitRetries = 0xff;
/** InListPassiveTarget: one target, 106 kbps type A. */
const listOneTypeA = [0x01, 0x00];

/**
 * A PN532 on the board's I2C bus reading ISO 14443A cards with InListPassiveTarget, in one of two ways.
 * Without an IRQ line it polls the field every 265 ms. With one (UM0701-02: P70_IRQ goes low while the chip
 * has a frame for the host), it leaves the command waiting in the chip (MxRtyPassiveActivation 0xFF) and
 * does nothing until the line goes low: an idle reader costs the board and the station no traffic at all.
 * Once a card is read it polls as without IRQ until the card has left, then waits again; every 30 s of
 * waiting it aborts the command and sets the chip up again, so that a dead chip or a lost edge is found.
 */
export class Pn532Reader {
  private readonly presence: CardPresence;
  private readonly i2c: Pn532I2c;
  private readonly stopIrq: () => void;
  private isConfigured = false;
  /** The chip's MxRtyPassiveActivation as last set; null: unknown (after SAMConfiguration, it is the power-on 0xFF or what was set before). */
  private retries: number | null = null;
  private failures = 0;
  private isHealthy = true;
  private isIrqLow = false;
  /** Falls and rises of the IRQ line since the chip was last set up: each frame the chip has ready (ACK or answer) pulls it low until read. */
  private irqEdgesSinceSetUp = { falls: 0, rises: 0 };
  /** The line did not follow the chip's frames (a broken, missing or shorted wire): the reader polls instead. */
  private isIrqDead = false;
  /** The chip waits for a card: a falling IRQ is its answer. */
  private isWaiting = false;
  private isReadingAnswer = false;
  /** An IRQ edge came while an answer read was under way: read once more if that one found nothing. */
  private hasIrqSinceRead = false;
  private cancelTimer: (() => void) | null = null;
  private isDisposed = false;

  constructor(private readonly options: Pn532ReaderOptions) {
    this.presence = new CardPresence(2, { presented: options.onCardPresented, left: options.onCardLeft });
    this.i2c = new Pn532I2c(options);
    const { irqPin } = options;
    // With the pull-up, a wire that is broken off reads high: no fall, found at the first set-up.
    this.stopIrq = irqPin === undefined ? () => {} : watchDigitalInput(options.board, { pin: irqPin, isPullup: true, debounceMs: 0, clock: options.clock }, (isHigh) => this.onIrq(isHigh));
    this.nextIn(0);
  }

  dispose(): void {
    this.isDisposed = true;
    this.cancelTimer?.();
    this.stopIrq();
    this.i2c.cancel();
  }

  private get hasIrq(): boolean {
    return this.options.irqPin !== undefined && !this.isIrqDead;
  }

  private get pollIntervalMs(): number {
    return this.options.pollIntervalMs ?? defaultPollIntervalMs;
  }

  /** Set up; then, with an IRQ line and no card on the reader, wait for one; otherwise poll. */
  private next(): void {
    if (!this.isConfigured) return this.configure();
    if (this.hasIrq && !this.presence.hasCard) return this.waitForCard();
    this.poll();
  }

  private poll(): void {
    const startedAt = this.options.clock.now().getTime();
    const nextPoll = () => this.nextIn(Math.max(0, startedAt + this.pollIntervalMs - this.options.clock.now().getTime()));
    this.setRetries(pollRetries, () => {
      this.i2c.exchange(pn532Commands.inListPassiveTarget, listOneTypeA, (result) => {
        if (result.ok) this.onTargets(result.data);
        else this.onFailure(result.reason);
        nextPoll();
      });
    }, nextPoll);
  }

  /**
   * Normal mode, the IRQ line used or not. With IRQ, a command an earlier run or the health check left
   * waiting in the chip is aborted first. The activation retries are set by the poll or the wait that follows.
   */
  private configure(): void {
    this.irqEdgesSinceSetUp = { falls: 0, rises: 0 };
    if (this.hasIrq) this.i2c.abort();
    this.i2c.exchange(pn532Commands.samConfiguration, [0x01, 0x14, this.hasIrq ? 0x01 : 0x00], (sam) => {
      if (!sam.ok) return this.retryLater(sam.reason);
      this.retries = null;
      this.isConfigured = true;
      this.nextIn(0);
    });
  }

  /** RFConfiguration MaxRetries (MxRtyATR 0xFF, MxRtyPSL 1, then the passive activation retries), when the chip has other ones. */
  private setRetries(retries: number, then: () => void, failed: () => void): void {
    if (this.retries === retries) return then();
    this.i2c.exchange(pn532Commands.rfConfiguration, [0x05, 0xff, 0x01, retries], (rf) => {
      if (!rf.ok) {
        this.onFailure(rf.reason);
        return failed();
      }
      this.retries = retries;
      then();
    });
  }

  private retryLater(reason: string): void {
    this.onFailure(reason);
    this.nextIn(this.pollIntervalMs);
  }

  /** InListPassiveTarget left in the chip until a card comes; the IRQ line says when. */
  private waitForCard(): void {
    this.setRetries(waitRetries, () => {
      this.i2c.start(pn532Commands.inListPassiveTarget, listOneTypeA, (ack) => {
        if (!ack.ok) return this.retryLater(ack.reason);
        this.setHealthy();
        // Set-up and retries were answered (two frames each) before this ACK: a line that did not fall and rise for them will not for a card.
        if (this.irqEdgesSinceSetUp.falls === 0 || this.irqEdgesSinceSetUp.rises === 0) return this.giveUpIrq();
        this.isWaiting = true;
        this.later(this.options.healthCheckMs ?? defaultHealthCheckMs, () => this.checkHealth());
        // The IRQ may already be low: a card was there as the command arrived, or the line's rise after the ACK is not reported yet.
        if (this.isIrqLow) this.readAnswer();
      });
    }, () => this.nextIn(this.pollIntervalMs));
  }

  /** Polls from now on: waiting for a line that does not fall would read no card at all. */
  private giveUpIrq(): void {
    this.isIrqDead = true;
    this.options.log.error("PN532 IRQ line does not follow the chip's frames (wire broken, missing or shorted?): polling the reader instead", { irqPin: this.options.irqPin });
    this.i2c.abort();
    this.isConfigured = false;
    this.nextIn(0);
  }

  private onIrq(isHigh: boolean): void {
    if (isHigh) this.irqEdgesSinceSetUp.rises++;
    else this.irqEdgesSinceSetUp.falls++;
    this.isIrqLow = !isHigh;
    if (this.isIrqLow && this.isWaiting) this.readAnswer();
  }

  private readAnswer(): void {
    if (this.isReadingAnswer) {
      this.hasIrqSinceRead = true;
      return;
    }
    this.isReadingAnswer = true;
    this.hasIrqSinceRead = false;
    this.i2c.readAnswer(pn532Commands.inListPassiveTarget, (result) => {
      this.isReadingAnswer = false;
      if (result === "not ready") {
        if (this.hasIrqSinceRead) this.readAnswer();
        return;
      }
      this.stopWaiting();
      this.onAnswer(result);
    });
  }

  /** A card read: the next look at the field is a poll, one interval later, to see whether it is still there; a failed read waits as long. */
  private onAnswer(result: Exchange): void {
    if (result.ok) this.onTargets(result.data);
    else this.onFailure(result.reason);
    this.nextIn(this.presence.hasCard || !result.ok ? this.pollIntervalMs : 0);
  }

  /** The waiting command is aborted and the chip set up again (`configure`): its answers prove it is there. */
  private checkHealth(): void {
    this.stopWaiting();
    this.isConfigured = false;
    this.next();
  }

  private stopWaiting(): void {
    this.isWaiting = false;
    this.isReadingAnswer = false;
    this.cancelTimer?.();
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

  private nextIn(ms: number): void {
    this.later(ms, () => this.next());
  }

  private later(ms: number, fn: () => void): void {
    if (this.isDisposed) return;
    this.cancelTimer = this.options.clock.after(ms, fn);
  }
}
