import * as v from "valibot";
import { Integer, payload } from "../../../messages/common.ts";
import { ExtendedMessageTrigger, type ExtendedTriggerMessageResponse } from "../../../messages/extended-trigger-message.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

/** requestedMessage read as any string: one this firmware does not know is NotImplemented (as TriggerMessage, §15 [impl]), not a CALLERROR. */
const ExtendedTriggerMessageAnyRequest = payload({ requestedMessage: v.string(), connectorId: v.optional(Integer) });
type ExtendedTriggerMessageAnyRequest = v.InferOutput<typeof ExtendedTriggerMessageAnyRequest>;

export const extendedTriggerMessage: Handler<ExtendedTriggerMessageAnyRequest, ExtendedTriggerMessageResponse, Security> = {
  action: "ExtendedTriggerMessage",
  request: ExtendedTriggerMessageAnyRequest,
  handle(req, security) {
    if (!v.is(ExtendedMessageTrigger, req.requestedMessage)) return { status: "NotImplemented" };
    // §17.8 as C§5.17: the answer leaves before the message it triggers.
    const decision = security.trigger.decide(req.requestedMessage, req.connectorId);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.send) : { status: decision.status };
  },
};
