import { GetLocalListVersionRequest, type GetLocalListVersionResponse } from "../../../messages/get-local-list-version.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { LocalList } from "../local-list.ts";

export const getLocalListVersion: Handler<GetLocalListVersionRequest, GetLocalListVersionResponse, LocalList> = {
  action: "GetLocalListVersion",
  request: GetLocalListVersionRequest,
  handle: (_req, list) => ({ listVersion: list.version() }),
};
