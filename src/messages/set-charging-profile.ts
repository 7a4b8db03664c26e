/** SetChargingProfile: CS→CP, SmartCharging. */
import * as v from "valibot";
import { ChargingProfile } from "./charging-profile.ts";
import { Integer, payload } from "./common.ts";

export const SetChargingProfileRequest = payload({ connectorId: Integer, csChargingProfiles: ChargingProfile });
export type SetChargingProfileRequest = v.InferOutput<typeof SetChargingProfileRequest>;

export const ChargingProfileStatus = v.picklist(["Accepted", "Rejected", "NotSupported"]);
export type ChargingProfileStatus = v.InferOutput<typeof ChargingProfileStatus>;

export const SetChargingProfileResponse = payload({ status: ChargingProfileStatus });
export type SetChargingProfileResponse = v.InferOutput<typeof SetChargingProfileResponse>;
