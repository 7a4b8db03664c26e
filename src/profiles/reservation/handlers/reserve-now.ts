import { ReserveNowRequest, type ReserveNowResponse } from "../../../messages/reserve-now.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Reservations } from "../reservations.ts";

export const reserveNow: Handler<ReserveNowRequest, ReserveNowResponse, Reservations> = {
  action: "ReserveNow",
  request: ReserveNowRequest,
  handle(req, reservations) {
    // §13.1: stored before the answer; the StatusNotification Reserved follows it.
    const { status, notify } = reservations.reserve(req);
    return answerThen({ status }, notify);
  },
};
