import { SetChargingProfileRequest, type SetChargingProfileResponse } from "../../../messages/set-charging-profile.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import { OcppError } from "../../../ocpp/errors.ts";
import type { SmartCharging } from "../smart-charging.ts";

export const setChargingProfile: Handler<SetChargingProfileRequest, SetChargingProfileResponse, SmartCharging> = {
  action: "SetChargingProfile",
  request: SetChargingProfileRequest,
  handle(req, smartCharging) {
    // §14.4 (E3.39): a connectorId outside 0..N is a CALLERROR, not a Rejected.
    if (!smartCharging.hasConnector(req.connectorId)) throw new OcppError("PropertyConstraintViolation", `connectorId ${req.connectorId} does not exist`);
    // The answer says whether the profile is installed, so it waits for the commit.
    return { status: smartCharging.set(req.connectorId, req.csChargingProfiles).status };
  },
};
