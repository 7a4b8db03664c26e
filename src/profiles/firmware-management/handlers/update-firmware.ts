import { UpdateFirmwareRequest, type UpdateFirmwareResponse } from "../../../messages/update-firmware.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import { OcppError } from "../../../ocpp/errors.ts";
import type { FirmwareManagement } from "../firmware-management.ts";

export const updateFirmware: Handler<UpdateFirmwareRequest, UpdateFirmwareResponse, FirmwareManagement> = {
  action: "UpdateFirmware",
  request: UpdateFirmwareRequest,
  handle: (req, firmware) => {
    // §17.7 L01.FR.20: once a manufacturer root lets the station take signed updates, it installs no unsigned image.
    if (firmware.context.hooks.unsignedFirmwareRefused()) {
      throw new OcppError("NotSupported", "UpdateFirmware: a ManufacturerRootCertificate is installed, so only signed firmware (SignedUpdateFirmware) is installed");
    }
    // §11.1: answered at once; the update is scheduled once the answer has left.
    return answerThen({}, () => firmware.update.request(req));
  },
};
