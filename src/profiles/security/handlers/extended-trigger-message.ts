import { ExtendedTriggerMessageRequest, type ExtendedTriggerMessageResponse } from "../../../messages/extended-trigger-message.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

export const extendedTriggerMessage: Handler<ExtendedTriggerMessageRequest, ExtendedTriggerMessageResponse, Security> = {
  action: "ExtendedTriggerMessage",
  request: ExtendedTriggerMessageRequest,
  handle(req, security) {
    // §17.8 as C§5.17: the answer leaves before the message it triggers.
    const decision = security.trigger.decide(req.requestedMessage, req.connectorId);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.send) : { status: decision.status };
  },
};
