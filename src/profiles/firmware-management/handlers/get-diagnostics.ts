import { GetDiagnosticsRequest, type GetDiagnosticsResponse } from "../../../messages/get-diagnostics.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { FirmwareManagement } from "../firmware-management.ts";

export const getDiagnostics: Handler<GetDiagnosticsRequest, GetDiagnosticsResponse, FirmwareManagement> = {
  action: "GetDiagnostics",
  request: GetDiagnosticsRequest,
  // §11.2: the answer names the file; Uploading and the upload follow it.
  handle(req, firmware) {
    const fileName = firmware.diagnostics.fileNameFor(firmware.context.clock.now());
    return answerThen({ fileName }, () => firmware.diagnostics.upload(fileName, req));
  },
};
