/** UpdateFirmware: CS→CP, FirmwareManagement. S L01.FR.20: a CP with SignedUpdateFirmware answers NotSupported. */
import * as v from "valibot";
import { DateTime, Integer, Uri, payload } from "./common.ts";

export const UpdateFirmwareRequest = payload({
  location: Uri,
  retries: v.optional(Integer),
  retrieveDate: DateTime,
  retryInterval: v.optional(Integer),
});
export type UpdateFirmwareRequest = v.InferOutput<typeof UpdateFirmwareRequest>;

export const UpdateFirmwareResponse = payload({});
export type UpdateFirmwareResponse = v.InferOutput<typeof UpdateFirmwareResponse>;
