import type { StationApi } from "../../station/station-api.ts";
import type { Handler } from "../dispatcher.ts";
import { ClearCacheRequest, type ClearCacheResponse } from "../../messages/clear-cache.ts";

export const clearCache: Handler<ClearCacheRequest, ClearCacheResponse, StationApi> = {
  action: "ClearCache",
  request: ClearCacheRequest,
  handle: (_req, station) => ({ status: station.clearCache() }),
};
