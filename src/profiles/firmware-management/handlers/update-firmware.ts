import { UpdateFirmwareRequest, type UpdateFirmwareResponse } from "../../../messages/update-firmware.ts";
import { answerThen, type Handler } from "../../../ocpp/dispatcher.ts";
import type { FirmwareManagement } from "../firmware-management.ts";

export const updateFirmware: Handler<UpdateFirmwareRequest, UpdateFirmwareResponse, FirmwareManagement> = {
  action: "UpdateFirmware",
  request: UpdateFirmwareRequest,
  // §11.1: answered at once; the update is scheduled once the answer has left.
  handle: (req, firmware) => answerThen({}, () => firmware.update.request(req)),
};
