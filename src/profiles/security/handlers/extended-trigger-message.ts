import * as v from "valibot";
import { ExtendedMessageTrigger, type ExtendedTriggerMessageResponse } from "../../../messages/extended-trigger-message.ts";
import { AnyTriggerRequest } from "../../../messages/trigger-message.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

export const extendedTriggerMessage: Handler<AnyTriggerRequest, ExtendedTriggerMessageResponse, Security> = {
  action: "ExtendedTriggerMessage",
  request: AnyTriggerRequest,
  handle(req, security) {
    if (!v.is(ExtendedMessageTrigger, req.requestedMessage)) return { status: "NotImplemented" };
    // §17.8 as C§5.17: the answer leaves before the message it triggers.
    const decision = security.trigger.decide(req.requestedMessage, req.connectorId);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.send) : { status: decision.status };
  },
};
