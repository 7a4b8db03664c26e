import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { RemoteStopTransactionRequest, type RemoteStopTransactionResponse } from "../../messages/remote-stop-transaction.ts";

export const remoteStopTransaction: Handler<RemoteStopTransactionRequest, RemoteStopTransactionResponse, StationApi> = {
  action: "RemoteStopTransaction",
  request: RemoteStopTransactionRequest,
  handle: (req, station) => ({ status: station.remoteStop(req.transactionId) }),
};
