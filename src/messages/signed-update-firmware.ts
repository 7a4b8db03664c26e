/** SignedUpdateFirmware: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { DateTime, Integer, maxChars, payload } from "./common.ts";

export const Firmware = v.strictObject({
  location: maxChars(512),
  retrieveDateTime: DateTime,
  installDateTime: v.optional(DateTime),
  /** PEM certificate whose key made `signature`. */
  signingCertificate: maxChars(5500),
  /** Base64 signature over the firmware file. */
  signature: maxChars(800),
});
export type Firmware = v.InferOutput<typeof Firmware>;

export const SignedUpdateFirmwareRequest = payload({
  retries: v.optional(Integer),
  retryInterval: v.optional(Integer),
  requestId: Integer,
  firmware: Firmware,
});
export type SignedUpdateFirmwareRequest = v.InferOutput<typeof SignedUpdateFirmwareRequest>;

export const UpdateFirmwareStatus = v.picklist([
  "Accepted",
  "Rejected",
  "AcceptedCanceled",
  "InvalidCertificate",
  "RevokedCertificate",
]);
export type UpdateFirmwareStatus = v.InferOutput<typeof UpdateFirmwareStatus>;

export const SignedUpdateFirmwareResponse = payload({ status: UpdateFirmwareStatus });
export type SignedUpdateFirmwareResponse = v.InferOutput<typeof SignedUpdateFirmwareResponse>;
