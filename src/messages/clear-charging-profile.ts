/** ClearChargingProfile: CS→CP, SmartCharging. Absent fields match every profile. */
import * as v from "valibot";
import { ChargingProfilePurpose } from "./charging-profile.ts";
import { Integer, payload } from "./common.ts";

export const ClearChargingProfileRequest = payload({
  id: v.optional(Integer),
  connectorId: v.optional(Integer),
  chargingProfilePurpose: v.optional(ChargingProfilePurpose),
  stackLevel: v.optional(Integer),
});
export type ClearChargingProfileRequest = v.InferOutput<typeof ClearChargingProfileRequest>;

export const ClearChargingProfileResponse = payload({ status: v.picklist(["Accepted", "Unknown"]) });
export type ClearChargingProfileResponse = v.InferOutput<typeof ClearChargingProfileResponse>;
