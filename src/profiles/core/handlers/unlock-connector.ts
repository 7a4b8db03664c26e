import type { Station } from "../../../station/station.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import { UnlockConnectorRequest, type UnlockConnectorResponse } from "../../../messages/unlock-connector.ts";

export const unlockConnector: Handler<UnlockConnectorRequest, UnlockConnectorResponse, Station> = {
  action: "UnlockConnector",
  request: UnlockConnectorRequest,
  // §10.4, E3.85: the CSC-22B7's cables are fixed, there is no lock to release and no transaction is
  // stopped (TC_017_2, TC_018_2); an unknown connector is NotSupported too (TC_031).
  handle: () => ({ status: "NotSupported" }),
};
