import { AnyTriggerRequest, type TriggerMessageResponse } from "../../../messages/trigger-message.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { RemoteTrigger } from "../remote-trigger.ts";

export const triggerMessage: Handler<AnyTriggerRequest, TriggerMessageResponse, RemoteTrigger> = {
  action: "TriggerMessage",
  request: AnyTriggerRequest,
  handle(req, trigger) {
    // C§5.17: the answer leaves before the message it triggers.
    const decision = trigger.decide(req.requestedMessage, req.connectorId);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.send) : { status: decision.status };
  },
};
