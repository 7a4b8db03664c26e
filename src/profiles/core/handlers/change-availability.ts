import { ChangeAvailabilityRequest, type ChangeAvailabilityResponse } from "../../../messages/change-availability.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const changeAvailability: Handler<ChangeAvailabilityRequest, ChangeAvailabilityResponse, Station> = {
  action: "ChangeAvailability",
  request: ChangeAvailabilityRequest,
  handle(req, station) {
    // Stored now; the StatusNotification of the new availability follows the answer (C§5.2).
    const { status, notify } = station.availability.write(req.connectorId, req.type);
    return answerThen({ status }, notify);
  },
};
