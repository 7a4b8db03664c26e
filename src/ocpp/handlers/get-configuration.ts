import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { OcppError } from "../errors.ts";
import { GetConfigurationRequest, type GetConfigurationResponse } from "../../messages/get-configuration.ts";

export const getConfiguration: Handler<GetConfigurationRequest, GetConfigurationResponse, StationApi> = {
  action: "GetConfiguration",
  request: GetConfigurationRequest,
  handle(req, station) {
    const keys = req.key ?? [];
    // §10.6 [impl]: more keys than GetConfigurationMaxKeys is answered with a CALLERROR.
    if (keys.length > station.maxConfigurationKeys) {
      throw new OcppError("OccurenceConstraintViolation", `at most ${station.maxConfigurationKeys} keys per request (GetConfigurationMaxKeys)`);
    }
    const { configurationKey, unknownKey } = station.readConfiguration(keys);
    return { configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) };
  },
};
