import { CancelReservationRequest, type CancelReservationResponse } from "../../../messages/cancel-reservation.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Reservations } from "../reservations.ts";

export const cancelReservation: Handler<CancelReservationRequest, CancelReservationResponse, Reservations> = {
  action: "CancelReservation",
  request: CancelReservationRequest,
  handle(req, reservations) {
    // §13.2: removed before the answer; the StatusNotification Available follows it.
    const { status, notify } = reservations.cancel(req.reservationId);
    return answerThen({ status }, notify);
  },
};
