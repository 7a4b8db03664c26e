import type { StartTransactionResponse } from "../../messages/start-transaction.ts";
import type { StopTransactionRequest, StopTransactionResponse } from "../../messages/stop-transaction.ts";
import type { Configuration } from "../configuration/configuration.ts";
import { type AnyDeliveryRule, deliveryRule } from "../delivery/delivery-rule.ts";

/** How long a StopTransaction the Central System keeps failing waits at most between attempts. */
const maxStopRetryMs = 3600_000;

type Options = {
  configuration: Pick<Configuration, "integer">;
  /** StartTransaction.conf: the transaction learns its tag's status (C§4.8). */
  startAnswered(localTxId: number | null, response: StartTransactionResponse): void;
  /** StopTransaction.conf may carry the tag's status (C§4.10). */
  stopAnswered(request: StopTransactionRequest, response: StopTransactionResponse): void;
};

/**
 * §8.6: a transaction message is retried after TransactionMessageRetryInterval × attempts and given up
 * after TransactionMessageAttempts — except StopTransaction, which bills a session and is never given up.
 * A MeterValues is repeatable: its readings carry their timestamps, and the session is billed from
 * StartTransaction's meterStart and StopTransaction's meterStop.
 */
export function transactionDeliveryRules({ configuration, startAnswered, stopAnswered }: Options): AnyDeliveryRule[] {
  const maxAttempts = () => configuration.integer("TransactionMessageAttempts");
  const retryDelayMs = (attempts: number) => configuration.integer("TransactionMessageRetryInterval") * 1000 * attempts;
  return [
    deliveryRule({
      action: "StartTransaction",
      maxAttempts,
      retryDelayMs,
      carriesTransactionId: false,
      transactionIdIn: (response) => response.transactionId,
      answered: (message, response) => startAnswered(message.localTxId, response),
    }),
    deliveryRule({
      action: "StopTransaction",
      maxAttempts: () => undefined,
      retryDelayMs: (attempts) => Math.min(retryDelayMs(attempts), maxStopRetryMs),
      carriesTransactionId: true,
      answered: (message, response) => stopAnswered(message.payload, response),
    }),
    deliveryRule({ action: "MeterValues", maxAttempts, retryDelayMs, carriesTransactionId: true, repeatable: true }),
  ];
}
