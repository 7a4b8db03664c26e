/** SecurityEventNotification: CP→CS, Security extension (S§5). */
import * as v from "valibot";
import { DateTime, maxChars, payload } from "./common.ts";

export const SecurityEventNotificationRequest = payload({
  /** A security event name from S's table, e.g. "FirmwareUpdated". */
  type: maxChars(50),
  timestamp: DateTime,
  techInfo: v.optional(maxChars(255)),
});
export type SecurityEventNotificationRequest = v.InferOutput<typeof SecurityEventNotificationRequest>;

export const SecurityEventNotificationResponse = payload({});
export type SecurityEventNotificationResponse = v.InferOutput<typeof SecurityEventNotificationResponse>;
