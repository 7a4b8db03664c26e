import type { ChargingProfile, ChargingProfilePurpose, ChargingRateUnit } from "../../../../src/messages/charging-profile.ts";
import type { CompositeInput, InstalledProfile } from "../../../../src/profiles/smart-charging/composite-schedule.ts";

export const T0 = "2026-01-01T10:00:00Z";
export const t0Ms = Date.parse(T0);
export const at = (offsetSec: number) => new Date(t0Ms + offsetSec * 1000);
export const iso = (offsetSec: number) => at(offsetSec).toISOString();

type Spec = {
  id: number;
  purpose?: ChargingProfilePurpose;
  stackLevel?: number;
  kind?: ChargingProfile["chargingProfileKind"];
  recurrencyKind?: ChargingProfile["recurrencyKind"];
  validFrom?: string;
  validTo?: string;
  startSchedule?: string | null;
  duration?: number;
  unit?: ChargingRateUnit;
  phases?: number;
  transactionId?: number;
  /** [startPeriod, limit] or [startPeriod, limit, numberPhases]. */
  periods: [number, number, number?][];
};

/** A ChargingProfile as the Central System sends it; Absolute from T0 in A unless said otherwise. */
export function chargingProfile(spec: Spec): ChargingProfile {
  const startSchedule = spec.startSchedule === null ? undefined : (spec.startSchedule ?? T0);
  return {
    chargingProfileId: spec.id,
    ...(spec.transactionId === undefined ? {} : { transactionId: spec.transactionId }),
    stackLevel: spec.stackLevel ?? 0,
    chargingProfilePurpose: spec.purpose ?? "TxDefaultProfile",
    chargingProfileKind: spec.kind ?? "Absolute",
    ...(spec.recurrencyKind ? { recurrencyKind: spec.recurrencyKind } : {}),
    ...(spec.validFrom ? { validFrom: spec.validFrom } : {}),
    ...(spec.validTo ? { validTo: spec.validTo } : {}),
    chargingSchedule: {
      ...(spec.duration === undefined ? {} : { duration: spec.duration }),
      ...(startSchedule === undefined ? {} : { startSchedule }),
      chargingRateUnit: spec.unit ?? "A",
      chargingSchedulePeriod: spec.periods.map(([startPeriod, limit, numberPhases]) => ({
        startPeriod,
        limit,
        ...(numberPhases ?? spec.phases) ? { numberPhases: numberPhases ?? spec.phases } : {},
      })),
    },
  };
}

export function installed(connectorId: number, spec: Spec, localTxId: number | null = null): InstalledProfile {
  return { connectorId, profile: chargingProfile(spec), localTxId };
}

/** Two 32 A three-phase connectors; a transaction (localTxId 1 on connector 1, 2 on connector 2) where given. */
export function input(profiles: InstalledProfile[], transactions: { connectorId: number; startedAt?: Date }[] = []): CompositeInput {
  return {
    profiles,
    transactions: transactions.map((tx) => ({ connectorId: tx.connectorId, localTxId: tx.connectorId, startedAt: tx.startedAt ?? at(0) })),
    connectors: [
      { connectorId: 1, maxCurrentA: 32, phases: 3 },
      { connectorId: 2, maxCurrentA: 32, phases: 3 },
    ],
  };
}
