import { ChangeConfigurationRequest, type ChangeConfigurationResponse } from "../../../messages/change-configuration.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const changeConfiguration: Handler<ChangeConfigurationRequest, ChangeConfigurationResponse, Station> = {
  action: "ChangeConfiguration",
  request: ChangeConfigurationRequest,
  handle(req, station) {
    // The value is stored now; what it changes (a reconnect with a new AuthorizationKey, §17.2 A01) follows the answer.
    const { status, notify } = station.configuration.write(req.key, req.value);
    return answerThen({ status }, notify);
  },
};
