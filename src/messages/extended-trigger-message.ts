/** ExtendedTriggerMessage: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";
import { TriggerMessageStatus } from "./trigger-message.ts";

export const ExtendedMessageTrigger = v.picklist([
  "BootNotification",
  "LogStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "SignChargePointCertificate",
  "StatusNotification",
]);
export type ExtendedMessageTrigger = v.InferOutput<typeof ExtendedMessageTrigger>;

export const ExtendedTriggerMessageRequest = payload({
  requestedMessage: ExtendedMessageTrigger,
  connectorId: v.optional(Integer),
});
export type ExtendedTriggerMessageRequest = v.InferOutput<typeof ExtendedTriggerMessageRequest>;

export const ExtendedTriggerMessageResponse = payload({ status: TriggerMessageStatus });
export type ExtendedTriggerMessageResponse = v.InferOutput<typeof ExtendedTriggerMessageResponse>;
