import type { StationApi } from "../../station/station-api.ts";
import type { AnyHandler } from "../dispatcher.ts";
import { changeAvailability } from "./change-availability.ts";
import { changeConfiguration } from "./change-configuration.ts";
import { clearCache } from "./clear-cache.ts";
import { dataTransfer } from "./data-transfer.ts";
import { getConfiguration } from "./get-configuration.ts";
import { remoteStartTransaction } from "./remote-start-transaction.ts";
import { remoteStopTransaction } from "./remote-stop-transaction.ts";
import { reset } from "./reset.ts";
import { unlockConnector } from "./unlock-connector.ts";

/** The Core profile's incoming actions; each further profile adds its own table. */
export const coreHandlers: readonly AnyHandler<StationApi>[] = [
  changeAvailability,
  changeConfiguration,
  clearCache,
  dataTransfer,
  getConfiguration,
  remoteStartTransaction,
  remoteStopTransaction,
  reset,
  unlockConnector,
];
