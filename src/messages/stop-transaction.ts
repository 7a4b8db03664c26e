/** StopTransaction: CP→CS, Core. */
import * as v from "valibot";
import { DateTime, IdTagInfo, IdToken, Integer, payload } from "./common.ts";
import { MeterValue } from "./meter-value.ts";

/** Why a transaction stopped; absent means Local. */
export const Reason = v.picklist([
  "EmergencyStop",
  "EVDisconnected",
  "HardReset",
  "Local",
  "Other",
  "PowerLoss",
  "Reboot",
  "Remote",
  "SoftReset",
  "UnlockCommand",
  "DeAuthorized",
]);
export type Reason = v.InferOutput<typeof Reason>;

export const StopTransactionRequest = payload({
  idTag: v.optional(IdToken),
  /** Energy register at the end, Wh. */
  meterStop: Integer,
  timestamp: DateTime,
  transactionId: Integer,
  reason: v.optional(Reason),
  transactionData: v.optional(v.array(MeterValue)),
});
export type StopTransactionRequest = v.InferOutput<typeof StopTransactionRequest>;

export const StopTransactionResponse = payload({ idTagInfo: v.optional(IdTagInfo) });
export type StopTransactionResponse = v.InferOutput<typeof StopTransactionResponse>;
