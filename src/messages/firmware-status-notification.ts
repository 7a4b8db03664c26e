/** FirmwareStatusNotification: CP→CS, FirmwareManagement. */
import * as v from "valibot";
import { payload } from "./common.ts";

export const FirmwareStatus = v.picklist([
  "Downloaded",
  "DownloadFailed",
  "Downloading",
  "Idle",
  "InstallationFailed",
  "Installing",
  "Installed",
]);
export type FirmwareStatus = v.InferOutput<typeof FirmwareStatus>;

export const FirmwareStatusNotificationRequest = payload({ status: FirmwareStatus });
export type FirmwareStatusNotificationRequest = v.InferOutput<typeof FirmwareStatusNotificationRequest>;

export const FirmwareStatusNotificationResponse = payload({});
export type FirmwareStatusNotificationResponse = v.InferOutput<typeof FirmwareStatusNotificationResponse>;
