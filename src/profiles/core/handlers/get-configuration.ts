import { GetConfigurationRequest, type GetConfigurationResponse } from "../../../messages/get-configuration.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import { OcppError } from "../../../ocpp/errors.ts";
import type { Station } from "../../../station/station.ts";

export const getConfiguration: Handler<GetConfigurationRequest, GetConfigurationResponse, Station> = {
  action: "GetConfiguration",
  request: GetConfigurationRequest,
  handle(req, { configuration }) {
    const keys = req.key ?? [];
    const maxKeys = configuration.integer("GetConfigurationMaxKeys");
    // §10.6 [impl]: more keys than GetConfigurationMaxKeys is answered with a CALLERROR.
    if (keys.length > maxKeys) throw new OcppError("OccurenceConstraintViolation", `at most ${maxKeys} keys per request (GetConfigurationMaxKeys)`);
    if (keys.length === 0) return configuration.readAll();
    const { configurationKey, unknownKey } = configuration.read(keys);
    return { configurationKey, ...(unknownKey.length > 0 ? { unknownKey } : {}) };
  },
};
