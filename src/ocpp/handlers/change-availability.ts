import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { ChangeAvailabilityRequest, type ChangeAvailabilityResponse } from "../../messages/change-availability.ts";

export const changeAvailability: Handler<ChangeAvailabilityRequest, ChangeAvailabilityResponse, StationApi> = {
  action: "ChangeAvailability",
  request: ChangeAvailabilityRequest,
  handle: (req, station) => ({ status: station.changeAvailability(req.connectorId, req.type) }),
};
