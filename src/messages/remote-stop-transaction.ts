/** RemoteStopTransaction: CS→CP, Core. */
import * as v from "valibot";
import { GenericStatus, Integer, payload } from "./common.ts";

export const RemoteStopTransactionRequest = payload({ transactionId: Integer });
export type RemoteStopTransactionRequest = v.InferOutput<typeof RemoteStopTransactionRequest>;

export const RemoteStopTransactionResponse = payload({ status: GenericStatus });
export type RemoteStopTransactionResponse = v.InferOutput<typeof RemoteStopTransactionResponse>;
