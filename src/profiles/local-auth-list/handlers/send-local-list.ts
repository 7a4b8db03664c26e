import { SendLocalListRequest, type SendLocalListResponse } from "../../../messages/send-local-list.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { LocalList } from "../local-list.ts";

export const sendLocalList: Handler<SendLocalListRequest, SendLocalListResponse, LocalList> = {
  action: "SendLocalList",
  request: SendLocalListRequest,
  // The answer says whether the update was applied, so it waits for the commit.
  handle: (req, list) => ({ status: list.apply(req) }),
};
