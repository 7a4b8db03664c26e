import type { ChargingProfile } from "../../messages/charging-profile.ts";
import { type ChargingLimit, defaultPhases, limitOf } from "./charging-limit.ts";
import type { Interval, Segment } from "./timeline.ts";

const dayMs = 24 * 3600 * 1000;
const recurrenceMs = { Daily: dayMs, Weekly: 7 * dayMs } as const;

/** validFrom ≤ t < validTo (C§3.13.2); either bound may be absent. Parsed once per installed profile. */
export function validity(profile: ChargingProfile): Interval {
  let valid = validityOfProfile.get(profile);
  if (!valid) {
    valid = {
      fromMs: profile.validFrom === undefined ? Number.NEGATIVE_INFINITY : Date.parse(profile.validFrom),
      toMs: profile.validTo === undefined ? Number.POSITIVE_INFINITY : Date.parse(profile.validTo),
    };
    validityOfProfile.set(profile, valid);
  }
  return valid;
}

const validityOfProfile = new WeakMap<ChargingProfile, Interval>();

/**
 * Where the schedule's periods count from (§14.3, §14.5): startSchedule for Absolute, the latest
 * recurrence of it for Recurring, and `anchorMs` (the transaction's start, else now) for Relative and
 * for an Absolute schedule without startSchedule (C§7.13).
 */
function firstStartMs(profile: ChargingProfile, anchorMs: number, notBeforeMs: number): { startMs: number; everyMs: number | undefined } {
  const { startSchedule } = profile.chargingSchedule;
  if (profile.chargingProfileKind === "Recurring" && startSchedule !== undefined) {
    const everyMs = recurrenceMs[profile.recurrencyKind ?? "Daily"];
    const baseMs = Date.parse(startSchedule);
    // Recurring in absolute time: every 24 h (7 days) from startSchedule, before it as after it.
    return { startMs: baseMs + Math.floor((notBeforeMs - baseMs) / everyMs) * everyMs, everyMs };
  }
  if (profile.chargingProfileKind === "Absolute" && startSchedule !== undefined) return { startMs: Date.parse(startSchedule), everyMs: undefined };
  return { startMs: anchorMs, everyMs: undefined };
}

/**
 * Where a profile limits within `window`: one segment per period and occurrence, clipped to its
 * validity, to its duration (a schedule without one runs on) and, for Recurring, to the recurrence
 * (what runs past the next recurrence is cut, §14.3).
 */
export function profileSegments(profile: ChargingProfile, anchorMs: number, window: Interval): Segment[] {
  const valid = validity(profile);
  const fromMs = Math.max(valid.fromMs, window.fromMs);
  const toMs = Math.min(valid.toMs, window.toMs);
  if (fromMs >= toMs) return [];
  const { duration, chargingSchedulePeriod: periods } = profile.chargingSchedule;
  const { startMs, everyMs } = firstStartMs(profile, anchorMs, fromMs);
  const limits = periodLimits(profile);
  const lengthMs = Math.min(duration === undefined ? Number.POSITIVE_INFINITY : duration * 1000, everyMs ?? Number.POSITIVE_INFINITY);
  const segments: Segment[] = [];
  for (let occurrenceMs = startMs; occurrenceMs < toMs; occurrenceMs += everyMs ?? Number.POSITIVE_INFINITY) {
    const endMs = occurrenceMs + lengthMs;
    for (let i = firstPeriodOverlapping(periods, fromMs - occurrenceMs); i < periods.length; i++) {
      const period = periods[i]!;
      const next = periods[i + 1];
      const periodFromMs = Math.max(occurrenceMs + period.startPeriod * 1000, fromMs);
      const periodToMs = Math.min(next === undefined ? endMs : occurrenceMs + next.startPeriod * 1000, endMs, toMs);
      if (occurrenceMs + period.startPeriod * 1000 >= Math.min(endMs, toMs)) break;
      if (periodFromMs >= periodToMs) continue;
      segments.push({ fromMs: periodFromMs, toMs: periodToMs, limit: limits[i]! });
    }
    if (everyMs === undefined) break;
  }
  return segments;
}

/** Each period's limit, made once per installed profile: a week's composite meets each of them many times. */
const limitsOfProfile = new WeakMap<ChargingProfile, ChargingLimit[]>();

function periodLimits(profile: ChargingProfile): ChargingLimit[] {
  let limits = limitsOfProfile.get(profile);
  if (!limits) {
    const { chargingRateUnit, chargingSchedulePeriod } = profile.chargingSchedule;
    limits = chargingSchedulePeriod.map((period) =>
      limitOf(period.limit, chargingRateUnit, period.numberPhases ?? defaultPhases, { kind: "profile", chargingProfileId: profile.chargingProfileId, purpose: profile.chargingProfilePurpose, startPeriod: period.startPeriod }),
    );
    limitsOfProfile.set(profile, limits);
  }
  return limits;
}

/** The index of the period running `offsetMs` after the schedule's start (0 before it). */
function firstPeriodOverlapping(periods: ChargingProfile["chargingSchedule"]["chargingSchedulePeriod"], offsetMs: number): number {
  let low = 0;
  let high = periods.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (periods[middle]!.startPeriod * 1000 <= offsetMs) low = middle;
    else high = middle - 1;
  }
  return low;
}
