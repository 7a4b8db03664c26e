import * as v from "valibot";
import { Integer, payload } from "../../../messages/common.ts";
import type { TriggerMessageResponse } from "../../../messages/trigger-message.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { RemoteTrigger } from "../remote-trigger.ts";

/**
 * The request as the schema has it, but for requestedMessage, read as any string: §15 [impl] answers a
 * message it does not know with NotImplemented rather than the CALLERROR the schema's enum would give.
 */
const TriggerMessageAnyRequest = payload({ requestedMessage: v.string(), connectorId: v.optional(Integer) });
type TriggerMessageAnyRequest = v.InferOutput<typeof TriggerMessageAnyRequest>;

export const triggerMessage: Handler<TriggerMessageAnyRequest, TriggerMessageResponse, RemoteTrigger> = {
  action: "TriggerMessage",
  request: TriggerMessageAnyRequest,
  handle(req, trigger) {
    // C§5.17: the answer leaves before the message it triggers.
    const decision = trigger.decide(req.requestedMessage, req.connectorId);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.send) : { status: decision.status };
  },
};
