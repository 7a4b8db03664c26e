/**
 * Test data of the Smart Charging cases (TEST-CASES.md §10): profiles in the notation of S1, limits in
 * A (×1000 in W), T0 = now − MAXDEV, and the expected periods shifted by the time between T0 and scheduleStart.
 */
import { expect } from "bun:test";
import type { ConformanceStation } from "./harness.ts";

/** STACK, DUR, PHASES and MAXDEV of TEST-CASES.md §2. */
export const STACK = 1;
export const DUR = 300;
export const PHASES = 3;
export const MAXDEV_SEC = 10;

/** T0 = now − MAXDEV, on a whole second. */
export function t0(): Date {
  return new Date(Math.floor(Date.now() / 1000) * 1000 - MAXDEV_SEC * 1000);
}

type ProfileSpec = {
  id: number;
  purpose: "ChargePointMaxProfile" | "TxDefaultProfile" | "TxProfile";
  stackLevel?: number;
  kind?: "Absolute" | "Relative";
  transactionId?: number;
  validFrom?: Date;
  validTo?: Date;
  startSchedule?: Date;
  duration?: number;
  unit?: "A" | "W";
  /** [startPeriod, limit in A]. */
  periods: [number, number][];
};

export function profile(spec: ProfileSpec) {
  const unit = spec.unit ?? "A";
  return {
    chargingProfileId: spec.id,
    ...(spec.transactionId === undefined ? {} : { transactionId: spec.transactionId }),
    stackLevel: spec.stackLevel ?? 0,
    chargingProfilePurpose: spec.purpose,
    chargingProfileKind: spec.kind ?? "Absolute",
    ...(spec.validFrom ? { validFrom: spec.validFrom.toISOString() } : {}),
    ...(spec.validTo ? { validTo: spec.validTo.toISOString() } : {}),
    chargingSchedule: {
      ...(spec.duration === undefined ? {} : { duration: spec.duration }),
      ...(spec.startSchedule ? { startSchedule: spec.startSchedule.toISOString() } : {}),
      chargingRateUnit: unit,
      chargingSchedulePeriod: spec.periods.map(([startPeriod, limit]) => ({ startPeriod, limit: unit === "W" ? limit * 1000 : limit, numberPhases: PHASES })),
    },
  };
}

export const plus = (at: Date, sec: number) => new Date(at.getTime() + sec * 1000);

/** MS-SetChargingProfile: must be Accepted. */
export async function setProfile(station: ConformanceStation, connectorId: number, csChargingProfiles: unknown): Promise<void> {
  expect(await station.request("SetChargingProfile", { connectorId, csChargingProfiles })).toEqual({ status: "Accepted" });
}

/**
 * GetCompositeSchedule: Accepted for the connector, the duration and unit asked, scheduleStart within
 * MAXDEV of now, no startSchedule (E3.57), and exactly the periods given (in the unit asked) relative to
 * `from` (each shifted by x, the seconds from `from` to scheduleStart; a period shifted below 0 starts at 0).
 */
export async function expectComposite(station: ConformanceStation, request: { connectorId: number; duration: number; unit?: "A" | "W" }, from: Date, periods: [number, number][]) {
  const unit = request.unit ?? "A";
  const answer = await station.request("GetCompositeSchedule", { connectorId: request.connectorId, duration: request.duration, chargingRateUnit: unit });
  expect(answer).toMatchObject({ status: "Accepted", connectorId: request.connectorId, chargingSchedule: { duration: request.duration, chargingRateUnit: unit } });
  const scheduleStart = Date.parse(answer.scheduleStart);
  expect(Math.abs(scheduleStart - Date.now())).toBeLessThanOrEqual(MAXDEV_SEC * 1000);
  expect(answer.chargingSchedule).not.toHaveProperty("startSchedule");
  const x = Math.round((scheduleStart - from.getTime()) / 1000);
  const expected = periods.map(([startPeriod, limit]) => ({ startPeriod: Math.max(0, startPeriod - x), limit }));
  const got = answer.chargingSchedule.chargingSchedulePeriod.map((p: { startPeriod: number; limit: number }) => ({ startPeriod: p.startPeriod, limit: p.limit }));
  expect(got).toEqual(expected);
  return answer;
}
