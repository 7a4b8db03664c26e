/** GetCompositeSchedule: CS→CP, SmartCharging. */
import * as v from "valibot";
import { ChargingRateUnit, ChargingSchedule } from "./charging-profile.ts";
import { DateTime, GenericStatus, Integer, payload } from "./common.ts";

export const GetCompositeScheduleRequest = payload({
  connectorId: Integer,
  /** Seconds from now. */
  duration: Integer,
  chargingRateUnit: v.optional(ChargingRateUnit),
});
export type GetCompositeScheduleRequest = v.InferOutput<typeof GetCompositeScheduleRequest>;

export const GetCompositeScheduleResponse = payload({
  status: GenericStatus,
  connectorId: v.optional(Integer),
  scheduleStart: v.optional(DateTime),
  chargingSchedule: v.optional(ChargingSchedule),
});
export type GetCompositeScheduleResponse = v.InferOutput<typeof GetCompositeScheduleResponse>;
