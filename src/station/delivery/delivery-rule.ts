import type { Action, ResponseOf } from "../../messages/index.ts";
import type { QueuedMessage } from "../ports.ts";

/**
 * How the durable queue delivers one action: registered by the profile that owns the action. Only a
 * CALLERROR or a missing answer is a failed attempt (§8.6, JE3.2); a lost link only pauses delivery.
 */
export type DeliveryRule<A extends Action = Action> = {
  action: A;
  /** Attempts before the message is given up; undefined: never given up. */
  maxAttempts(): number | undefined;
  /** The wait before the next attempt, after `attempts` failed ones. */
  retryDelayMs(attempts: number): number;
  /** §8.5, §8.7: the message carries its transaction's transactionId (−1 if the CS never gave one). */
  carriesTransactionId: boolean;
  /**
   * A second delivery of the message does no harm, so its removal may wait for a later fsync and a
   * power loss may send it again (OutboxRepo.delivered). Never for a message that starts or bills a
   * transaction: a repeated StartTransaction opens a second one.
   */
  repeatable?: boolean;
  /** The transactionId the answer assigns, recorded in the same commit that removes the message. */
  transactionIdIn?(response: ResponseOf<A>): number | undefined;
  /** What the answer does, once the message is off the queue. */
  answered?(message: Extract<QueuedMessage, { action: A }>, response: ResponseOf<A>): void;
};

// `any`: one table holds the rules of every action.
export type AnyDeliveryRule = DeliveryRule<any>;

/** Writes a rule with its action's types checked. */
export function deliveryRule<A extends Action>(rule: DeliveryRule<A>): DeliveryRule<A> {
  return rule;
}
