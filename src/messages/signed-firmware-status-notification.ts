/** SignedFirmwareStatusNotification: CP→CS, Security extension (S§5). */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";

export const SignedFirmwareStatus = v.picklist([
  "Downloaded",
  "DownloadFailed",
  "Downloading",
  "DownloadScheduled",
  "DownloadPaused",
  "Idle",
  "InstallationFailed",
  "Installing",
  "Installed",
  "InstallRebooting",
  "InstallScheduled",
  "InstallVerificationFailed",
  "InvalidSignature",
  "SignatureVerified",
]);
export type SignedFirmwareStatus = v.InferOutput<typeof SignedFirmwareStatus>;

export const SignedFirmwareStatusNotificationRequest = payload({
  status: SignedFirmwareStatus,
  requestId: v.optional(Integer),
});
export type SignedFirmwareStatusNotificationRequest = v.InferOutput<typeof SignedFirmwareStatusNotificationRequest>;

export const SignedFirmwareStatusNotificationResponse = payload({});
export type SignedFirmwareStatusNotificationResponse = v.InferOutput<typeof SignedFirmwareStatusNotificationResponse>;
