import { ResetRequest, type ResetResponse } from "../../../messages/reset.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const reset: Handler<ResetRequest, ResetResponse, Station> = {
  action: "Reset",
  request: ResetRequest,
  // C§5.14: the answer must leave before the StopTransactions, so the reset follows it.
  handle: (req, station) => answerThen({ status: "Accepted" }, () => station.lifecycle.request({ kind: "reset", type: req.type })),
};
