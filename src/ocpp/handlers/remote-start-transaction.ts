import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { RemoteStartTransactionRequest, type RemoteStartTransactionResponse } from "../../messages/remote-start-transaction.ts";

export const remoteStartTransaction: Handler<RemoteStartTransactionRequest, RemoteStartTransactionResponse, StationApi> = {
  action: "RemoteStartTransaction",
  request: RemoteStartTransactionRequest,
  // §10.1: the answer leaves first; authorization and StartTransaction follow.
  handle: (req, station) => ({ status: station.remoteStart(req.idTag, req.connectorId) }),
};
