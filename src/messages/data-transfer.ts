/** DataTransfer: both directions, Core. */
import * as v from "valibot";
import { CiString255, CiString50, payload } from "./common.ts";

export const DataTransferRequest = payload({
  vendorId: CiString255,
  messageId: v.optional(CiString50),
  data: v.optional(v.string()),
});
export type DataTransferRequest = v.InferOutput<typeof DataTransferRequest>;

export const DataTransferStatus = v.picklist(["Accepted", "Rejected", "UnknownMessageId", "UnknownVendorId"]);
export type DataTransferStatus = v.InferOutput<typeof DataTransferStatus>;

export const DataTransferResponse = payload({ status: DataTransferStatus, data: v.optional(v.string()) });
export type DataTransferResponse = v.InferOutput<typeof DataTransferResponse>;
