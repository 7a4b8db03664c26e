import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { ChangeConfigurationRequest, type ChangeConfigurationResponse } from "../../messages/change-configuration.ts";

export const changeConfiguration: Handler<ChangeConfigurationRequest, ChangeConfigurationResponse, StationApi> = {
  action: "ChangeConfiguration",
  request: ChangeConfigurationRequest,
  handle: (req, station) => ({ status: station.changeConfiguration(req.key, req.value) }),
};
