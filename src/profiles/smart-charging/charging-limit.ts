import type { ChargingProfilePurpose, ChargingRateUnit } from "../../messages/charging-profile.ts";

/** §14.3 (C§7.12, E3.68): W and A convert at the nominal voltage, not the measured one. */
export const nominalVoltageV = 230;
/** C§7.14: numberPhases defaults to 3. */
export const defaultPhases = 3;

/** Where a limit comes from: a period of an installed profile, or the connector's own rating. */
export type LimitSource = { kind: "hardware" } | { kind: "profile"; chargingProfileId: number; purpose: ChargingProfilePurpose; startPeriod: number };

/**
 * A limit in both units: `limitA` per phase, `limitW` over all phases, `phases` the phases it allows.
 * Taking the lowest current and the fewest phases keeps the result within every limit in either unit.
 */
export type ChargingLimit = { limitA: number; limitW: number; phases: number; source: LimitSource };

/** A period's limit as given, converted per §14.3: per-phase current = P / (230 V × numberPhases). */
export function limitOf(value: number, unit: ChargingRateUnit, phases: number, source: LimitSource): ChargingLimit {
  const perPhaseV = nominalVoltageV * phases;
  return unit === "A" ? { limitA: value, limitW: value * perPhaseV, phases, source } : { limitA: value / perPhaseV, limitW: value, phases, source };
}

/**
 * The lowest of several limits (undefined = no limit): the lowest current on the fewest phases. Its
 * power is the lowest power scaled to those phases, so a W limit given on those phases comes out exact.
 */
export function lowestLimit(limits: readonly (ChargingLimit | undefined)[]): ChargingLimit | undefined {
  let winner: ChargingLimit | undefined;
  let phases = Number.POSITIVE_INFINITY;
  for (const limit of limits) {
    if (!limit) continue;
    phases = Math.min(phases, limit.phases);
    if (!winner || limit.limitA < winner.limitA || (limit.limitA === winner.limitA && limit.phases < winner.phases)) winner = limit;
  }
  if (!winner) return undefined;
  let limitW = Number.POSITIVE_INFINITY;
  for (const limit of limits) if (limit) limitW = Math.min(limitW, limit.phases === phases ? limit.limitW : (limit.limitW * phases) / limit.phases);
  // Most often the winner is lowest in both units already: no new object (the composite makes thousands).
  if (winner.phases === phases && winner.limitW === limitW) return winner;
  return { limitA: winner.limitA, limitW, phases, source: winner.source };
}

/** What the connectors may draw together: currents and powers add up, on as many phases as the widest. */
export function sumOfLimits(limits: readonly ChargingLimit[], source: LimitSource): ChargingLimit {
  return {
    limitA: limits.reduce((sum, limit) => sum + limit.limitA, 0),
    limitW: limits.reduce((sum, limit) => sum + limit.limitW, 0),
    phases: Math.max(...limits.map((limit) => limit.phases)),
    source,
  };
}

/** A station cap over the connectors' sum: each unit capped on its own, the phases of whichever is lower in current. */
export function cappedSum(cap: ChargingLimit | undefined, sum: ChargingLimit): ChargingLimit {
  if (!cap) return sum;
  const isCapLower = cap.limitA <= sum.limitA;
  return {
    limitA: Math.min(cap.limitA, sum.limitA),
    limitW: Math.min(cap.limitW, sum.limitW),
    phases: isCapLower ? cap.phases : sum.phases,
    source: isCapLower ? cap.source : sum.source,
  };
}

export function sameLimit(a: ChargingLimit | undefined, b: ChargingLimit | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  return a.limitA === b.limitA && a.limitW === b.limitW && a.phases === b.phases && sameSource(a.source, b.source);
}

function sameSource(a: LimitSource, b: LimitSource): boolean {
  if (a.kind === "hardware" || b.kind === "hardware") return a.kind === b.kind;
  return a.chargingProfileId === b.chargingProfileId && a.startPeriod === b.startPeriod && a.purpose === b.purpose;
}

/**
 * A value as the schedule reports it (SCH multipleOf 0.1): rounded down to a tenth, never above the
 * limit; the 1e-6 absorbs the binary error of a value that is a whole tenth (6000 W / 690 V × 690 V).
 */
export function tenthsDown(value: number): number {
  return Math.floor(value * 10 + 1e-6) / 10;
}
