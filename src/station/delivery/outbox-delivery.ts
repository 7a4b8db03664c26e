import type { CentralSystem, Clock, DurableMessage, Log, Outbox, QueuedMessage } from "../ports.ts";
import type { AnyDeliveryRule } from "./delivery-rule.ts";

type Options = {
  outbox: Outbox;
  csms: CentralSystem;
  clock: Clock;
  log: Log;
  /** C§4.2: queued messages wait for BootNotification Accepted. */
  isRegistered(): boolean;
  /** The rule of each queued action, registered by the profile that owns it. */
  rules: ReadonlyMap<string, AnyDeliveryRule>;
};

/**
 * Delivers the durable outbox in order, one message at a time (C§3.7). Only a CALLERROR or a missing
 * answer is a failure (§8.6, JE3.2): the message is retried and given up as its action's rule says.
 * A lost link only pauses delivery.
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
    const rule = this.ruleOf(message);
    const outcome = await csms.call(message.action, this.withTransactionId(message, rule).payload as never);
    if (outcome.kind === "offline") return false;
    if (outcome.kind === "ok") {
      outbox.delivered(message.seq, { transactionId: rule?.transactionIdIn?.(outcome.payload), repeatable: rule?.repeatable });
      rule?.answered?.(message, outcome.payload);
      return true;
    }
    const attempts = outbox.countAttempt(message.seq);
    const failure = outcome.kind === "timeout" ? "no answer" : `${outcome.code}: ${outcome.description}`;
    const maxAttempts = rule ? rule.maxAttempts() : 1;
    if (maxAttempts !== undefined && attempts >= maxAttempts) {
      outbox.discard(message.seq);
      log.error("Central System failed to process a queued message; given up", { action: message.action, seq: message.seq, attempts, failure });
      return true;
    }
    log.warn("Central System failed to process a queued message; will retry", { action: message.action, seq: message.seq, attempts, failure });
    this.scheduleRetry(message.seq, rule ? rule.retryDelayMs(attempts) : 0);
    return false;
  }

  /** A message no registered profile owns (a profile removed by a firmware change) is still sent, once. */
  private ruleOf(message: QueuedMessage): AnyDeliveryRule | undefined {
    const rule = this.options.rules.get(message.action);
    if (!rule) this.options.log.warn("no delivery rule for a queued message; sending it once", { action: message.action, seq: message.seq });
    return rule;
  }

  /** §8.5, §8.7: a message of a transaction carries the Central System's id, or -1 if it never gave one. */
  private withTransactionId(message: QueuedMessage, rule: AnyDeliveryRule | undefined): DurableMessage {
    if (message.localTxId === null || !rule?.carriesTransactionId) return message;
    const transactionId = this.options.outbox.transactionIdOf(message.localTxId) ?? -1;
    return { ...message, payload: { ...message.payload, transactionId } } as DurableMessage;
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
