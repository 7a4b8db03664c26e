import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { ResetRequest, type ResetResponse } from "../../messages/reset.ts";

export const reset: Handler<ResetRequest, ResetResponse, StationApi> = {
  action: "Reset",
  request: ResetRequest,
  // C§5.14: the answer must leave before the StopTransactions, so the reset is only scheduled here.
  handle: (req, station) => ({ status: station.scheduleReset(req.type) ? "Accepted" : "Rejected" }),
};
