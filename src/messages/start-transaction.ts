/** StartTransaction: CP→CS, Core. */
import * as v from "valibot";
import { DateTime, IdTagInfo, IdToken, Integer, payload } from "./common.ts";

export const StartTransactionRequest = payload({
  connectorId: Integer,
  idTag: IdToken,
  /** Energy register at the start, Wh. */
  meterStart: Integer,
  reservationId: v.optional(Integer),
  timestamp: DateTime,
});
export type StartTransactionRequest = v.InferOutput<typeof StartTransactionRequest>;

export const StartTransactionResponse = payload({ idTagInfo: IdTagInfo, transactionId: Integer });
export type StartTransactionResponse = v.InferOutput<typeof StartTransactionResponse>;
