import { GetCompositeScheduleRequest, type GetCompositeScheduleResponse } from "../../../messages/get-composite-schedule.ts";
import type { Handler } from "../../../ocpp/dispatcher.ts";
import type { SmartCharging } from "../smart-charging.ts";

export const getCompositeSchedule: Handler<GetCompositeScheduleRequest, GetCompositeScheduleResponse, SmartCharging> = {
  action: "GetCompositeSchedule",
  request: GetCompositeScheduleRequest,
  // E3.24: an invalid chargingRateUnit is already a PropertyConstraintViolation of the schema.
  handle: (req, smartCharging) => smartCharging.composite(req.connectorId, req.duration, req.chargingRateUnit),
};
