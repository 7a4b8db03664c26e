import { GetLogRequest, type GetLogResponse } from "../../../messages/get-log.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { Security } from "../security.ts";

export const getLog: Handler<GetLogRequest, GetLogResponse, Security> = {
  action: "GetLog",
  request: GetLogRequest,
  handle(req, security) {
    // N01: the answer (with the file name) leaves first; LogStatusNotification Uploading follows it.
    const { answer, upload } = security.logUpload.request(req);
    return upload ? answerThen(answer, upload) : answer;
  },
};
