/** GetLog: CS→CP, Security extension (S§5). */
import * as v from "valibot";
import { DateTime, Integer, maxChars, payload } from "./common.ts";

export const LogType = v.picklist(["DiagnosticsLog", "SecurityLog"]);
export type LogType = v.InferOutput<typeof LogType>;

export const LogParameters = v.strictObject({
  remoteLocation: maxChars(512),
  oldestTimestamp: v.optional(DateTime),
  latestTimestamp: v.optional(DateTime),
});
export type LogParameters = v.InferOutput<typeof LogParameters>;

export const GetLogRequest = payload({
  log: LogParameters,
  logType: LogType,
  requestId: Integer,
  retries: v.optional(Integer),
  retryInterval: v.optional(Integer),
});
export type GetLogRequest = v.InferOutput<typeof GetLogRequest>;

export const GetLogResponse = payload({
  status: v.picklist(["Accepted", "Rejected", "AcceptedCanceled"]),
  filename: v.optional(maxChars(255)),
});
export type GetLogResponse = v.InferOutput<typeof GetLogResponse>;
