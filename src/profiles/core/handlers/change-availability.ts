import { ChangeAvailabilityRequest, type ChangeAvailabilityResponse } from "../../../messages/change-availability.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const changeAvailability: Handler<ChangeAvailabilityRequest, ChangeAvailabilityResponse, Station> = {
  action: "ChangeAvailability",
  request: ChangeAvailabilityRequest,
  handle: (req, station) => ({ status: station.availability.change(req.connectorId, req.type) }),
};
