import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { UnlockConnectorRequest, type UnlockConnectorResponse } from "../../messages/unlock-connector.ts";

export const unlockConnector: Handler<UnlockConnectorRequest, UnlockConnectorResponse, StationApi> = {
  action: "UnlockConnector",
  request: UnlockConnectorRequest,
  // §10.4, E3.85: the CSC-22B7's cables are fixed, there is no lock to release and no transaction is
  // stopped (TC_017_2, TC_018_2); an unknown connector is NotSupported too (TC_031).
  handle: () => ({ status: "NotSupported" }),
};
