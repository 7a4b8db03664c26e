import type { MeterValue, SampledValue } from "../../messages/meter-value.ts";

/** What the hardware tells about one connector (or the station total for connector 0) at one instant. */
export type MeterSnapshot = { energyWh: number; powerW: number; offeredA: number | null };

/** Measurands the CSC-22B7 really measures or knows (S0 energy meter, pilot offer). */
export const supportedMeasurands = [
  "Energy.Active.Import.Register",
  "Energy.Active.Import.Interval",
  "Power.Active.Import",
  "Current.Offered",
] as const;

export type SampleContext = "Sample.Periodic" | "Sample.Clock" | "Transaction.Begin" | "Transaction.End" | "Trigger";

/**
 * One MeterValue with a SampledValue per configured measurand (C§7.43, SPEC-DIGEST §9). Only the
 * `supportedMeasurands` reach here: the configuration refuses the others.
 * `intervalStartWh` is the register at the start of the interval, for `.Interval` energy.
 */
export function meterValue(at: Date, measurands: readonly string[], snapshot: MeterSnapshot, context: SampleContext, intervalStartWh?: number): MeterValue {
  const sampledValue = measurands.map((measurand) => sampled(measurand, snapshot, context, intervalStartWh));
  return { timestamp: at.toISOString(), sampledValue };
}

function sampled(measurand: string, snapshot: MeterSnapshot, context: SampleContext, intervalStartWh: number | undefined): SampledValue {
  const common = { context, format: "Raw", location: "Outlet" } as const;
  switch (measurand) {
    case "Energy.Active.Import.Interval":
      return { ...common, value: wholeNumber(snapshot.energyWh - (intervalStartWh ?? snapshot.energyWh)), measurand, unit: "Wh" };
    case "Power.Active.Import":
      return { ...common, value: wholeNumber(snapshot.powerW), measurand, unit: "W" };
    case "Current.Offered":
      return { ...common, value: String(snapshot.offeredA ?? 0), measurand, unit: "A" };
    default:
      return { ...common, value: wholeNumber(snapshot.energyWh), measurand: "Energy.Active.Import.Register", unit: "Wh" };
  }
}

function wholeNumber(value: number): string {
  return String(Math.max(0, Math.round(value)));
}

/** §9.6 [impl]: clock-aligned intervals are counted from 00:00:00 UTC. */
export function nextAlignedBoundary(now: Date, intervalSec: number): Date {
  const intervalMs = intervalSec * 1000;
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const sinceMidnight = now.getTime() - midnight;
  const next = midnight + (Math.floor(sinceMidnight / intervalMs) + 1) * intervalMs;
  // An interval that does not divide the day ends early at midnight, where counting starts again.
  return new Date(Math.min(next, midnight + 86_400_000));
}
