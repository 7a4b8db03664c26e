/** LogStatusNotification: CP→CS, Security extension (S§5). */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";

export const UploadLogStatus = v.picklist([
  "BadMessage",
  "Idle",
  "NotSupportedOperation",
  "PermissionDenied",
  "Uploaded",
  "UploadFailure",
  "Uploading",
]);
export type UploadLogStatus = v.InferOutput<typeof UploadLogStatus>;

export const LogStatusNotificationRequest = payload({ status: UploadLogStatus, requestId: v.optional(Integer) });
export type LogStatusNotificationRequest = v.InferOutput<typeof LogStatusNotificationRequest>;

export const LogStatusNotificationResponse = payload({});
export type LogStatusNotificationResponse = v.InferOutput<typeof LogStatusNotificationResponse>;
