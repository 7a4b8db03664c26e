import type { ChargingProfile, ChargingRateUnit } from "../../messages/charging-profile.ts";

/** What the keys allow (§14.8). */
export type ScheduleLimits = { maxStackLevel: number; maxPeriods: number; allowedUnits: readonly ChargingRateUnit[] };

const int32Max = 2 ** 31 - 1;
const isInt32 = (value: number) => value >= -(2 ** 31) && value <= int32Max;

/**
 * Why a charging profile cannot be installed, or undefined (§14.4 [impl], §14.3): the rules the JSON
 * schema leaves to the charge point. Each "no" is answered Rejected. Integers must fit 32 bits (the
 * xs:int of OCPP 1.6), so a huge duration or id cannot overflow a date or the store.
 */
export function scheduleRefusal(profile: ChargingProfile, limits: ScheduleLimits): string | undefined {
  const { chargingSchedule: schedule } = profile;
  const periods = schedule.chargingSchedulePeriod;
  if (!isInt32(profile.chargingProfileId)) return "chargingProfileId does not fit 32 bits";
  if (profile.transactionId !== undefined && !isInt32(profile.transactionId)) return "transactionId does not fit 32 bits";
  if (profile.stackLevel < 0 || profile.stackLevel > limits.maxStackLevel) return `stackLevel must be 0-${limits.maxStackLevel} (ChargeProfileMaxStackLevel)`;
  if (profile.chargingProfileKind === "Recurring" && profile.recurrencyKind === undefined) return "a Recurring profile needs a recurrencyKind";
  if (profile.chargingProfileKind === "Recurring" && schedule.startSchedule === undefined) return "a Recurring profile needs a startSchedule";
  // E3.56: recurrencyKind is only for Recurring profiles.
  if (profile.chargingProfileKind !== "Recurring" && profile.recurrencyKind !== undefined) return "recurrencyKind is only for a Recurring profile";
  if (profile.validFrom !== undefined && profile.validTo !== undefined && Date.parse(profile.validTo) <= Date.parse(profile.validFrom)) return "validTo is not after validFrom";
  if (schedule.duration !== undefined && (schedule.duration < 0 || schedule.duration > int32Max)) return "duration must be 0 or more seconds and fit 32 bits";
  if (!limits.allowedUnits.includes(schedule.chargingRateUnit)) return `chargingRateUnit ${schedule.chargingRateUnit} is not allowed (ChargingScheduleAllowedChargingRateUnit)`;
  if (schedule.minChargingRate !== undefined && schedule.minChargingRate < 0) return "minChargingRate is negative";
  if (periods.length === 0) return "the schedule has no period";
  if (periods.length > limits.maxPeriods) return `more than ${limits.maxPeriods} periods (ChargingScheduleMaxPeriods)`;
  return periodsRefusal(periods);
}

function periodsRefusal(periods: ChargingProfile["chargingSchedule"]["chargingSchedulePeriod"]): string | undefined {
  if (periods[0]!.startPeriod !== 0) return "the first period must start at 0";
  for (let i = 0; i < periods.length; i++) {
    const period = periods[i]!;
    if (i > 0 && period.startPeriod <= periods[i - 1]!.startPeriod) return `period ${i} does not start after the one before`;
    if (period.startPeriod > int32Max) return `period ${i} starts beyond 32 bits of seconds`;
    if (!(period.limit >= 0) || !Number.isFinite(period.limit)) return `period ${i} has a negative limit`;
    if (period.numberPhases !== undefined && (period.numberPhases < 1 || period.numberPhases > 3)) return `period ${i} has numberPhases ${period.numberPhases}, not 1-3`;
  }
  return undefined;
}

/** The units ChargingScheduleAllowedChargingRateUnit allows (E3.86: Current = A, Power = W). */
export function allowedUnits(keyValues: readonly string[]): ChargingRateUnit[] {
  return [...(keyValues.includes("Current") ? ["A" as const] : []), ...(keyValues.includes("Power") ? ["W" as const] : [])];
}
