import { ClearCacheRequest, type ClearCacheResponse } from "../../../messages/clear-cache.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { Station } from "../../../station/station.ts";

export const clearCache: Handler<ClearCacheRequest, ClearCacheResponse, Station> = {
  action: "ClearCache",
  request: ClearCacheRequest,
  handle: (_req, station) => ({ status: station.authorizer.clearCache() }),
};
