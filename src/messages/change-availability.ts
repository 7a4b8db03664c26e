/** ChangeAvailability: CS→CP, Core. */
import * as v from "valibot";
import { Integer, payload } from "./common.ts";

export const AvailabilityType = v.picklist(["Inoperative", "Operative"]);
export type AvailabilityType = v.InferOutput<typeof AvailabilityType>;

export const ChangeAvailabilityRequest = payload({ connectorId: Integer, type: AvailabilityType });
export type ChangeAvailabilityRequest = v.InferOutput<typeof ChangeAvailabilityRequest>;

export const ChangeAvailabilityResponse = payload({ status: v.picklist(["Accepted", "Rejected", "Scheduled"]) });
export type ChangeAvailabilityResponse = v.InferOutput<typeof ChangeAvailabilityResponse>;
