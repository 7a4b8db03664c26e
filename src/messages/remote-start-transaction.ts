/** RemoteStartTransaction: CS→CP, Core. */
import * as v from "valibot";
import { ChargingProfile } from "./charging-profile.ts";
import { GenericStatus, IdToken, Integer, payload } from "./common.ts";

export const RemoteStartTransactionRequest = payload({
  connectorId: v.optional(Integer),
  idTag: IdToken,
  /** Its purpose must be TxProfile (C§5.11). */
  chargingProfile: v.optional(ChargingProfile),
});
export type RemoteStartTransactionRequest = v.InferOutput<typeof RemoteStartTransactionRequest>;

export const RemoteStartTransactionResponse = payload({ status: GenericStatus });
export type RemoteStartTransactionResponse = v.InferOutput<typeof RemoteStartTransactionResponse>;
