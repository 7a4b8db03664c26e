/** DiagnosticsStatusNotification: CP→CS, FirmwareManagement. */
import * as v from "valibot";
import { payload } from "./common.ts";

export const DiagnosticsStatus = v.picklist(["Idle", "Uploaded", "UploadFailed", "Uploading"]);
export type DiagnosticsStatus = v.InferOutput<typeof DiagnosticsStatus>;

export const DiagnosticsStatusNotificationRequest = payload({ status: DiagnosticsStatus });
export type DiagnosticsStatusNotificationRequest = v.InferOutput<typeof DiagnosticsStatusNotificationRequest>;

export const DiagnosticsStatusNotificationResponse = payload({});
export type DiagnosticsStatusNotificationResponse = v.InferOutput<typeof DiagnosticsStatusNotificationResponse>;
