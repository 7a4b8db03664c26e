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

/**
 * A TriggerMessage or ExtendedTriggerMessage request read with requestedMessage as any string: §15 [impl]
 * answers a message the station does not know with NotImplemented rather than the CALLERROR the schema's enum would give.
 */
export const AnyTriggerRequest = payload({ requestedMessage: v.string(), connectorId: v.optional(Integer) });
export type AnyTriggerRequest = v.InferOutput<typeof AnyTriggerRequest>;

export const TriggerMessageStatus = v.picklist(["Accepted", "Rejected", "NotImplemented"]);
export type TriggerMessageStatus = v.InferOutput<typeof TriggerMessageStatus>;

export const TriggerMessageResponse = payload({ status: TriggerMessageStatus });
export type TriggerMessageResponse = v.InferOutput<typeof TriggerMessageResponse>;
