import { RemoteStartTransactionRequest, type RemoteStartTransactionResponse } from "../../../messages/remote-start-transaction.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const remoteStartTransaction: Handler<RemoteStartTransactionRequest, RemoteStartTransactionResponse, Station> = {
  action: "RemoteStartTransaction",
  request: RemoteStartTransactionRequest,
  handle(req, station) {
    // §4 [impl]: the Central System may not start transactions while the registration is Pending.
    if (station.registration.status !== "Accepted") return { status: "Rejected" };
    // §10.1: the answer leaves first; the Authorize and the StartTransaction follow it. A chargingProfile
    // goes to the profile that takes them (a remote start observer); without one it is ignored.
    const decision = station.sessions.remoteStart(req.idTag, req.connectorId, req.chargingProfile);
    return decision.status === "Accepted" ? answerThen({ status: "Accepted" }, decision.proceed) : { status: "Rejected" };
  },
};
