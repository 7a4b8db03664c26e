import { ClearChargingProfileRequest, type ClearChargingProfileResponse } from "../../../messages/clear-charging-profile.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { SmartCharging } from "../smart-charging.ts";

export const clearChargingProfile: Handler<ClearChargingProfileRequest, ClearChargingProfileResponse, SmartCharging> = {
  action: "ClearChargingProfile",
  request: ClearChargingProfileRequest,
  handle: (req, smartCharging) => ({ status: smartCharging.clear(req) }),
};
