import type { StartTransactionResponse } from "../../messages/start-transaction.ts";
import type { StopTransactionResponse } from "../../messages/stop-transaction.ts";
import type { Configuration } from "../configuration/configuration.ts";
import type { CentralSystem, Clock, Log, Outbox, QueuedMessage, TransactionMessage } from "../ports.ts";

/** How long a StopTransaction the Central System keeps failing waits at most between attempts. */
const maxStopRetryMs = 3600_000;

type Options = {
  outbox: Outbox;
  csms: CentralSystem;
  clock: Clock;
  configuration: Configuration;
  log: Log;
  /** C§4.2: queued messages wait for BootNotification Accepted. */
  isRegistered(): boolean;
  onStartAnswered?(localTxId: number | null, response: StartTransactionResponse): void;
  onStopAnswered?(message: QueuedMessage, response: StopTransactionResponse): void;
};

/**
 * Delivers the durable outbox in order, one message at a time (C§3.7). Only a CALLERROR or a missing
 * answer is a failure (§8.6, JE3.2): the message is retried after TransactionMessageRetryInterval ×
 * attempts, and given up after TransactionMessageAttempts — except StopTransaction, which bills a
 * session and keeps being retried. A lost link only pauses delivery.
 */
export class OutboxDelivery {
  private isRunning = false;
  private isStopped = false;
  private retry: { seq: number; at: number; cancel(): void } | undefined;

  constructor(private readonly options: Options) {
    options.csms.onConnected(() => this.wake());
  }

  /** Call after appending, on acceptance and whenever delivery may proceed again. */
  wake(): void {
    if (!this.isRunning && !this.isStopped) void this.deliver();
  }

  stop(): void {
    this.isStopped = true;
    this.retry?.cancel();
  }

  private async deliver(): Promise<void> {
    this.isRunning = true;
    try {
      const { outbox, csms, isRegistered } = this.options;
      for (let message = outbox.peek(); message && csms.isConnected && isRegistered() && !this.isStopped; message = outbox.peek()) {
        if (this.isWaitingToRetry(message)) return;
        const isDone = await this.send(message);
        if (!isDone) return;
      }
    } catch (error) {
      this.options.log.error("outbox delivery failed", { error });
    } finally {
      this.isRunning = false;
    }
  }

  /** Sends one message; false when delivery must pause (link lost or waiting to retry). */
  private async send(message: QueuedMessage): Promise<boolean> {
    const { outbox, csms, log } = this.options;
    const outcome = await csms.call(message.action, this.withTransactionId(message).payload as never);
    if (outcome.kind === "offline") return false;
    if (outcome.kind === "ok") {
      const response = outcome.payload as StartTransactionResponse | StopTransactionResponse;
      outbox.delivered(message.seq, message.action === "StartTransaction" ? (response as StartTransactionResponse).transactionId : undefined);
      if (message.action === "StartTransaction") this.options.onStartAnswered?.(message.localTxId, response as StartTransactionResponse);
      if (message.action === "StopTransaction") this.options.onStopAnswered?.(message, response as StopTransactionResponse);
      return true;
    }
    const attempts = outbox.countAttempt(message.seq);
    const failure = outcome.kind === "timeout" ? "no answer" : `${outcome.code}: ${outcome.description}`;
    const maxAttempts = this.options.configuration.integer("TransactionMessageAttempts");
    if (attempts >= maxAttempts && message.action !== "StopTransaction") {
      outbox.discard(message.seq);
      log.error("Central System failed to process a transaction message; given up", { action: message.action, seq: message.seq, attempts, failure });
      return true;
    }
    const intervalMs = this.options.configuration.integer("TransactionMessageRetryInterval") * 1000 * attempts;
    log.warn("Central System failed to process a transaction message; will retry", { action: message.action, seq: message.seq, attempts, failure });
    this.scheduleRetry(message.seq, message.action === "StopTransaction" ? Math.min(intervalMs, maxStopRetryMs) : intervalMs);
    return false;
  }

  /** §8.5, §8.7: a message of a transaction carries the Central System's id, or -1 if it never gave one. */
  private withTransactionId(message: QueuedMessage): TransactionMessage {
    if (message.localTxId === null || message.action === "StartTransaction") return message;
    const transactionId = this.options.outbox.transactionIdOf(message.localTxId) ?? -1;
    return { ...message, payload: { ...message.payload, transactionId } } as TransactionMessage;
  }

  private isWaitingToRetry(message: QueuedMessage): boolean {
    return this.retry !== undefined && this.retry.seq === message.seq && this.retry.at > this.options.clock.now().getTime();
  }

  private scheduleRetry(seq: number, delayMs: number): void {
    this.retry?.cancel();
    const cancel = this.options.clock.after(delayMs, () => this.wake());
    this.retry = { seq, at: this.options.clock.now().getTime() + delayMs, cancel };
  }
}
