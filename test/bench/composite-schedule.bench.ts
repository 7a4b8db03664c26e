/**
 * GetCompositeSchedule over 7 days with 100 installed profiles (issue 15: p99 < 5 ms): CALL → CALLRESULT
 * of the compiled station over loopback, for a connector and for connector 0, and the pure composite
 * function alone in this process, with the same profiles. The profiles are the worst this firmware
 * allows in number and mixes every kind: 20 ChargePointMaxProfiles (Daily, hourly periods), 40
 * TxDefaultProfiles for connector 0 (Weekly, half-hourly) and 40 for connector 1 (Absolute, one a
 * day, quarter-hourly), each on its own stack level, with validity windows across the week.
 */
import type { ChargingProfile } from "../../src/messages/charging-profile.ts";
import { compositeSchedule, type InstalledProfile } from "../../src/profiles/smart-charging/composite-schedule.ts";
import { type Bench, BenchStation, percentile, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const samples = Number(process.env.BENCH_SAMPLES ?? 2000);
// The executable raises the JIT's tier-up thresholds ×30: enough CALLs first for the composite to be compiled.
const warmUp = 500;
const weekSec = 7 * 24 * 3600;
const target = { op: "<", value: 5 } as const;

function periods(count: number, everySec: number, unit: "A" | "W"): ChargingProfile["chargingSchedule"]["chargingSchedulePeriod"] {
  return Array.from({ length: count }, (_, i) => ({ startPeriod: i * everySec, limit: unit === "A" ? 6 + ((i * 7) % 26) : 4_000 + ((i * 1_300) % 18_000), numberPhases: 3 }));
}

/** The 100 profiles, as SetChargingProfile would send them, anchored at `now`. */
export function benchProfiles(now: Date): InstalledProfile[] {
  const at = (hours: number) => new Date(now.getTime() + hours * 3600_000).toISOString();
  const profiles: InstalledProfile[] = [];
  for (let i = 0; i < 20; i++) {
    profiles.push({ connectorId: 0, localTxId: null, profile: {
      chargingProfileId: 1 + i, stackLevel: i, chargingProfilePurpose: "ChargePointMaxProfile", chargingProfileKind: "Recurring", recurrencyKind: "Daily",
      validFrom: at(i * 6 - 24), validTo: at(i * 6 + 48),
      chargingSchedule: { startSchedule: at(-i), duration: 12 * 3600 + i * 600, chargingRateUnit: "W", chargingSchedulePeriod: periods(24, 1800, "W") },
    } });
  }
  for (let i = 0; i < 40; i++) {
    profiles.push({ connectorId: 0, localTxId: null, profile: {
      chargingProfileId: 100 + i, stackLevel: i, chargingProfilePurpose: "TxDefaultProfile", chargingProfileKind: "Recurring", recurrencyKind: "Weekly",
      validFrom: at(i * 4 - 12), validTo: at(i * 4 + 36),
      chargingSchedule: { startSchedule: at(-i * 3), duration: 24 * 3600, chargingRateUnit: "A", chargingSchedulePeriod: periods(48, 1800, "A") },
    } });
    profiles.push({ connectorId: 1, localTxId: null, profile: {
      chargingProfileId: 200 + i, stackLevel: i, chargingProfilePurpose: "TxDefaultProfile", chargingProfileKind: "Absolute",
      validFrom: at(i * 4), validTo: at(i * 4 + 30),
      chargingSchedule: { startSchedule: at(i * 4), duration: 24 * 3600, chargingRateUnit: "A", chargingSchedulePeriod: periods(96, 900, "A") },
    } });
  }
  return profiles;
}

export const bench: Bench = {
  name: "composite schedule",
  async run() {
    const rows: Row[] = [];
    const csms = new LoopbackCsms().start();
    const station = new BenchStation({ url: csms.url });
    try {
      station.start();
      await station.waitForLine(/registration accepted/);
      for (const { connectorId, profile } of benchProfiles(new Date())) {
        const { frame } = await csms.call("SetChargingProfile", { connectorId, csChargingProfiles: profile });
        if ((frame[2] as { status?: string }).status !== "Accepted") throw new Error(`SetChargingProfile not accepted: ${JSON.stringify(frame)}`);
      }
      for (const connectorId of [1, 0]) {
        const times: number[] = [];
        let periodCount = 0;
        for (let i = 0; i < warmUp + samples; i++) {
          const { frame, ms } = await csms.call("GetCompositeSchedule", { connectorId, duration: weekSec, chargingRateUnit: "W" });
          periodCount = (frame[2] as { chargingSchedule: { chargingSchedulePeriod: unknown[] } }).chargingSchedule.chargingSchedulePeriod.length;
          if (i >= warmUp) times.push(ms);
        }
        const note = `7 days, 100 profiles, ${periodCount} periods in the answer, ${samples.toLocaleString("en-US")} CALLs`;
        rows.push({ figure: `GetCompositeSchedule connector ${connectorId} CALL→CALLRESULT p50`, value: percentile(times, 50), unit: "ms", note });
        rows.push({ figure: `GetCompositeSchedule connector ${connectorId} CALL→CALLRESULT p99`, value: percentile(times, 99), unit: "ms", target, note });
      }
    } finally {
      await station.remove();
      csms.stop();
    }
    rows.push(...pureFunction());
    return rows;
  },
};

/** The pure function alone, in this process (JIT warmed), for connector 1. */
function pureFunction(): Row[] {
  const now = new Date();
  const input = { profiles: benchProfiles(now), transactions: [], connectors: [1, 2].map((connectorId) => ({ connectorId, maxCurrentA: 32, phases: 3 })) };
  const times: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const startedAt = performance.now();
    compositeSchedule(input, { connectorId: 1, durationSec: weekSec, unit: "W" }, now);
    if (i >= warmUp) times.push(performance.now() - startedAt);
  }
  return [{ figure: "composite schedule function (connector 1, 7 days, 100 profiles) p99", value: percentile(times, 99), unit: "ms", target, note: `in process, p50 ${percentile(times, 50).toFixed(2)} ms` }];
}
