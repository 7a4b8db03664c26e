/** C§7.8–7.14 ChargingProfile and ChargingSchedule (RemoteStartTransaction, SetChargingProfile, GetCompositeSchedule). */
import * as v from "valibot";
import { DateTime, Integer, OneDecimal } from "./common.ts";

export const ChargingProfilePurpose = v.picklist(["ChargePointMaxProfile", "TxDefaultProfile", "TxProfile"]);
export type ChargingProfilePurpose = v.InferOutput<typeof ChargingProfilePurpose>;

export const ChargingProfileKind = v.picklist(["Absolute", "Recurring", "Relative"]);
export type ChargingProfileKind = v.InferOutput<typeof ChargingProfileKind>;

export const RecurrencyKind = v.picklist(["Daily", "Weekly"]);
export type RecurrencyKind = v.InferOutput<typeof RecurrencyKind>;

export const ChargingRateUnit = v.picklist(["A", "W"]);
export type ChargingRateUnit = v.InferOutput<typeof ChargingRateUnit>;

// SCH leaves to the spec: startPeriod of the first period is 0, periods ascend, stackLevel >= 0 (C§7.8–7.14).
export const ChargingSchedulePeriod = v.strictObject({
  startPeriod: Integer,
  limit: OneDecimal,
  numberPhases: v.optional(Integer),
});
export type ChargingSchedulePeriod = v.InferOutput<typeof ChargingSchedulePeriod>;

export const ChargingSchedule = v.strictObject({
  duration: v.optional(Integer),
  startSchedule: v.optional(DateTime),
  chargingRateUnit: ChargingRateUnit,
  chargingSchedulePeriod: v.array(ChargingSchedulePeriod),
  minChargingRate: v.optional(OneDecimal),
});
export type ChargingSchedule = v.InferOutput<typeof ChargingSchedule>;

export const ChargingProfile = v.strictObject({
  chargingProfileId: Integer,
  transactionId: v.optional(Integer),
  stackLevel: Integer,
  chargingProfilePurpose: ChargingProfilePurpose,
  chargingProfileKind: ChargingProfileKind,
  recurrencyKind: v.optional(RecurrencyKind),
  validFrom: v.optional(DateTime),
  validTo: v.optional(DateTime),
  chargingSchedule: ChargingSchedule,
});
export type ChargingProfile = v.InferOutput<typeof ChargingProfile>;
