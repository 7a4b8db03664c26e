import { RemoteStopTransactionRequest, type RemoteStopTransactionResponse } from "../../../messages/remote-stop-transaction.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const remoteStopTransaction: Handler<RemoteStopTransactionRequest, RemoteStopTransactionResponse, Station> = {
  action: "RemoteStopTransaction",
  request: RemoteStopTransactionRequest,
  handle(req, station) {
    if (station.registration.status !== "Accepted") return { status: "Rejected" };
    // §10.2: the answer has no reason to wait for the StopTransaction's commit, which follows it.
    const decision = station.sessions.remoteStop(req.transactionId);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.proceed) : { status: "Rejected" };
  },
};
