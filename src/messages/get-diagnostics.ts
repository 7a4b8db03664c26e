/** GetDiagnostics: CS→CP, FirmwareManagement. */
import * as v from "valibot";
import { CiString255, DateTime, Integer, Uri, payload } from "./common.ts";

export const GetDiagnosticsRequest = payload({
  location: Uri,
  retries: v.optional(Integer),
  retryInterval: v.optional(Integer),
  startTime: v.optional(DateTime),
  stopTime: v.optional(DateTime),
});
export type GetDiagnosticsRequest = v.InferOutput<typeof GetDiagnosticsRequest>;

/** No `fileName`: no diagnostics available, nothing will be uploaded. */
export const GetDiagnosticsResponse = payload({ fileName: v.optional(CiString255) });
export type GetDiagnosticsResponse = v.InferOutput<typeof GetDiagnosticsResponse>;
