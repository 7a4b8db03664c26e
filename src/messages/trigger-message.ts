/** TriggerMessage: CS→CP, RemoteTrigger. */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";

export const MessageTrigger = v.picklist([
  "BootNotification",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "MeterValues",
  "StatusNotification",
]);
export type MessageTrigger = v.InferOutput<typeof MessageTrigger>;

export const TriggerMessageRequest = payload({ requestedMessage: MessageTrigger, connectorId: v.optional(Integer) });
export type TriggerMessageRequest = v.InferOutput<typeof TriggerMessageRequest>;

export const TriggerMessageStatus = v.picklist(["Accepted", "Rejected", "NotImplemented"]);
export type TriggerMessageStatus = v.InferOutput<typeof TriggerMessageStatus>;

export const TriggerMessageResponse = payload({ status: TriggerMessageStatus });
export type TriggerMessageResponse = v.InferOutput<typeof TriggerMessageResponse>;
