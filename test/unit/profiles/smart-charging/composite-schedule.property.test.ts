import { describe, expect, test } from "bun:test";
import fc from "fast-check";
import type { ChargingProfile, ChargingRateUnit } from "../../../../src/messages/charging-profile.ts";
import { type CompositeInput, compositeSchedule, type InstalledProfile } from "../../../../src/profiles/smart-charging/composite-schedule.ts";
import { t0Ms } from "./profile-builder.ts";

/**
 * The brute-force oracle: the limit at one moment, worked out directly from the spec's words (§14.2,
 * §14.3, §14.5), sharing no code with the composite schedule (no segments, no painting, no merging).
 */
type Term = { limitA: number; limitW: number; phases: number };
const hardware: Term = { limitA: 32, limitW: 32 * 690, phases: 3 };

function termOf(profile: ChargingProfile, anchorMs: number, tMs: number): Term | "valid" | undefined {
  if (profile.validFrom && tMs < Date.parse(profile.validFrom)) return undefined;
  if (profile.validTo && tMs >= Date.parse(profile.validTo)) return undefined;
  const { startSchedule, duration, chargingSchedulePeriod: periods, chargingRateUnit } = profile.chargingSchedule;
  let startMs = anchorMs;
  let lengthMs = duration === undefined ? Number.POSITIVE_INFINITY : duration * 1000;
  if (profile.chargingProfileKind === "Recurring") {
    const everyMs = (profile.recurrencyKind === "Weekly" ? 7 : 1) * 86_400_000;
    const baseMs = Date.parse(startSchedule!);
    startMs = baseMs + Math.floor((tMs - baseMs) / everyMs) * everyMs;
    lengthMs = Math.min(lengthMs, everyMs);
  } else if (profile.chargingProfileKind === "Absolute" && startSchedule) startMs = Date.parse(startSchedule);
  const offsetMs = tMs - startMs;
  if (offsetMs < 0 || offsetMs >= lengthMs) return "valid";
  const period = periods.filter((p) => p.startPeriod * 1000 <= offsetMs).at(-1)!;
  const phases = period.numberPhases ?? 3;
  return chargingRateUnit === "A" ? { limitA: period.limit, limitW: period.limit * 230 * phases, phases } : { limitA: period.limit / (230 * phases), limitW: period.limit, phases };
}

/** The prevailing term of a layer of profiles at t: undefined = the layer has no valid profile; null = valid but no limit. */
function layerAt(profiles: ChargingProfile[], anchorMs: number, tMs: number): Term | null | undefined {
  const terms = profiles.map((p) => ({ p, term: termOf(p, anchorMs, tMs) })).filter((x) => x.term !== undefined);
  if (terms.length === 0) return undefined;
  const running = terms.filter((x) => x.term !== "valid").sort((a, b) => b.p.stackLevel - a.p.stackLevel);
  return running.length === 0 ? null : (running[0]!.term as Term);
}

function prevailingTerms(data: CompositeInput, connectorId: number, tMs: number, nowMs: number): Term[] {
  const of = (purpose: string, connector: number, localTxId?: number) =>
    data.profiles.filter((p) => p.profile.chargingProfilePurpose === purpose && p.connectorId === connector && (localTxId === undefined || p.localTxId === localTxId)).map((p) => p.profile);
  const tx = data.transactions.find((t) => t.connectorId === connectorId);
  const anchorMs = tx?.startedAt.getTime() ?? nowMs;
  const capAnchorMs = data.transactions.length ? Math.min(...data.transactions.map((t) => t.startedAt.getTime())) : nowMs;
  const cap = layerAt(of("ChargePointMaxProfile", 0), capAnchorMs, tMs);
  let own: Term | null | undefined;
  for (const layer of [tx ? of("TxProfile", connectorId, tx.localTxId) : [], of("TxDefaultProfile", connectorId), of("TxDefaultProfile", 0)]) {
    own = layerAt(layer, anchorMs, tMs);
    if (own !== undefined) break;
  }
  return [cap, own, hardware].filter((term): term is Term => term !== undefined && term !== null);
}

const lowestA = (terms: Term[]) => Math.min(...terms.map((t) => t.limitA));
const tenthsDown = (value: number) => Math.floor(value * 10 + 1e-6) / 10;

type Reported = ReturnType<typeof reportedAt>;

function reportedAt(data: CompositeInput, connectorId: number, durationSec: number, nowMs: number, unit: ChargingRateUnit) {
  const periods = compositeSchedule(data, { connectorId, durationSec, unit }, new Date(nowMs))!.chargingSchedule.chargingSchedulePeriod;
  return (second: number) => periods.filter((p) => p.startPeriod <= second).at(-1)!;
}

// ---- generators: whole seconds around T0, a few profiles of every kind, unique stack levels per layer ----

const offsetSec = (min: number, max: number) => fc.integer({ min, max });
const periodsArb = (unit: ChargingRateUnit) =>
  fc.array(fc.tuple(fc.oneof(offsetSec(1, 1_800), offsetSec(1_800, 60_000)), unit === "A" ? fc.integer({ min: 0, max: 400 }).map((t) => t / 10) : fc.integer({ min: 0, max: 3_000 }).map((t) => t * 10), fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined })), { minLength: 1, maxLength: 5 }).map((steps) => {
    let start = 0;
    return steps.map(([step, limit, numberPhases], i) => {
      if (i > 0) start += step;
      return { startPeriod: start, limit, ...(numberPhases === undefined ? {} : { numberPhases }) };
    });
  });

const iso = (sec: number) => new Date(t0Ms + sec * 1000).toISOString();

const profileArb = (purpose: ChargingProfile["chargingProfilePurpose"], units: readonly ChargingRateUnit[]) =>
  fc
    .record({
      kind: fc.constantFrom("Absolute", "Absolute-now", "Relative", "Daily", "Weekly"),
      // Often a day before now, give or take an hour, so that recurrences start and end within the window.
      start: fc.oneof(offsetSec(-2 * 86_400, 3_600), offsetSec(-86_400 - 3_600, -86_400 + 3_600)),
      validFrom: fc.option(offsetSec(-3_600, 3_600), { nil: undefined }),
      validFor: fc.option(offsetSec(1, 7_200), { nil: undefined }),
      duration: fc.option(fc.oneof(offsetSec(0, 7_200), offsetSec(80_000, 200_000)), { nil: undefined }),
      unit: fc.constantFrom(...units),
    })
    .chain((r) => periodsArb(r.unit).map((periods) => ({ ...r, periods })))
    .map((r): Omit<ChargingProfile, "chargingProfileId" | "stackLevel"> => ({
      chargingProfilePurpose: purpose,
      chargingProfileKind: r.kind === "Daily" || r.kind === "Weekly" ? "Recurring" : r.kind === "Relative" ? "Relative" : "Absolute",
      ...(r.kind === "Daily" || r.kind === "Weekly" ? { recurrencyKind: r.kind } : {}),
      ...(r.validFrom === undefined ? {} : { validFrom: iso(r.validFrom) }),
      ...(r.validFrom === undefined || r.validFor === undefined ? {} : { validTo: iso(r.validFrom + r.validFor) }),
      chargingSchedule: {
        ...(r.duration === undefined ? {} : { duration: r.duration }),
        ...(r.kind === "Relative" || r.kind === "Absolute-now" ? {} : { startSchedule: iso(r.start) }),
        chargingRateUnit: r.unit,
        chargingSchedulePeriod: r.periods,
      },
    }));

/** Up to `max` profiles of one layer, each on its own stack level. */
const layerArb = (purpose: ChargingProfile["chargingProfilePurpose"], connectorId: number, units: readonly ChargingRateUnit[], max: number, idBase: number, localTxId: number | null = null) =>
  fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 20 }), profileArb(purpose, units)), { maxLength: max, selector: ([stackLevel]) => stackLevel }).map((items) =>
    items.map(([stackLevel, profile], i): InstalledProfile => ({ connectorId, localTxId, profile: { ...profile, chargingProfileId: idBase + i, stackLevel } })),
  );

const connectors = [
  { connectorId: 1, maxCurrentA: 32, phases: 3 },
  { connectorId: 2, maxCurrentA: 32, phases: 3 },
];

const scenarioArb = (units: readonly ChargingRateUnit[]) =>
  fc.record({
    cap: layerArb("ChargePointMaxProfile", 0, units, 3, 100),
    default0: layerArb("TxDefaultProfile", 0, units, 3, 200),
    default1: layerArb("TxDefaultProfile", 1, units, 3, 300),
    default2: layerArb("TxDefaultProfile", 2, units, 2, 400),
    tx1: layerArb("TxProfile", 1, units, 2, 500, 1),
    tx1StartedSec: fc.option(offsetSec(-7_200, 0), { nil: undefined }),
    tx2StartedSec: fc.option(offsetSec(-7_200, 0), { nil: undefined }),
    nowSec: offsetSec(0, 3_600),
    durationSec: fc.oneof(fc.constant(0), offsetSec(1, 3_600)),
  }).map((s) => {
    const transactions = [
      ...(s.tx1StartedSec === undefined ? [] : [{ connectorId: 1, localTxId: 1, startedAt: new Date(t0Ms + s.tx1StartedSec * 1000) }]),
      ...(s.tx2StartedSec === undefined ? [] : [{ connectorId: 2, localTxId: 2, startedAt: new Date(t0Ms + s.tx2StartedSec * 1000) }]),
    ];
    const data: CompositeInput = { profiles: [...s.cap, ...s.default0, ...s.default1, ...s.default2, ...s.tx1], transactions, connectors };
    return { data, nowMs: t0Ms + s.nowSec * 1000, durationSec: s.durationSec };
  });

const seconds = (durationSec: number) => Array.from({ length: Math.max(1, durationSec) }, (_, i) => i);
const runs = { numRuns: 60 };

describe("the composite schedule, property by property (fast-check)", () => {
  test("it equals the brute-force minimum taken second by second over random profile sets", () => {
    fc.assert(
      fc.property(scenarioArb(["A"]), fc.constantFrom(1, 2), ({ data, nowMs, durationSec }, connectorId) => {
        const reported = reportedAt(data, connectorId, durationSec, nowMs, "A");
        for (const second of seconds(durationSec)) {
          expect(reported(second).limit).toBe(tenthsDown(lowestA(prevailingTerms(data, connectorId, nowMs + second * 1000, nowMs))));
        }
      }),
      runs,
    );
  });

  test("it never exceeds any limit in force, in A or in W, with both units and any numberPhases mixed", () => {
    fc.assert(
      fc.property(scenarioArb(["A", "W"]), fc.constantFrom(1, 2), ({ data, nowMs, durationSec }, connectorId) => {
        const inA = reportedAt(data, connectorId, durationSec, nowMs, "A");
        const inW = reportedAt(data, connectorId, durationSec, nowMs, "W");
        for (const second of seconds(durationSec)) {
          const terms = prevailingTerms(data, connectorId, nowMs + second * 1000, nowMs);
          for (const term of terms) {
            expect(inA(second).limit).toBeLessThanOrEqual(term.limitA + 1e-9);
            expect(inW(second).limit).toBeLessThanOrEqual(term.limitW + 1e-9);
          }
          // And it is no lower than it must be: the lowest current, to the tenth.
          expect(inA(second).limit).toBeGreaterThanOrEqual(tenthsDown(lowestA(terms)) - 0.1 - 1e-9);
        }
      }),
      runs,
    );
  });

  test("stacking: the highest stackLevel valid at each moment prevails", () => {
    const foreverArb = fc.uniqueArray(
      fc.record({ stackLevel: fc.integer({ min: 0, max: 100 }), from: offsetSec(-600, 600), length: offsetSec(1, 1_200), limit: fc.integer({ min: 6, max: 31 }) }),
      { minLength: 1, maxLength: 8, selector: (p) => p.stackLevel },
    );
    fc.assert(
      fc.property(foreverArb, (specs) => {
        const profiles = specs.map((p, i): InstalledProfile => ({
          connectorId: 1,
          localTxId: null,
          profile: {
            chargingProfileId: i + 1,
            stackLevel: p.stackLevel,
            chargingProfilePurpose: "TxDefaultProfile",
            chargingProfileKind: "Absolute",
            validFrom: iso(p.from),
            validTo: iso(p.from + p.length),
            chargingSchedule: { startSchedule: iso(-10_000), chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: p.limit }] },
          },
        }));
        const reported = reportedAt({ profiles, transactions: [], connectors }, 1, 1_800, t0Ms, "A");
        for (const second of seconds(1_800)) {
          const valid = specs.filter((p) => p.from <= second && second < p.from + p.length).sort((a, b) => b.stackLevel - a.stackLevel);
          expect(reported(second).limit).toBe(valid[0]?.limit ?? 32);
        }
      }),
      runs,
    );
  });

  test("a TxProfile wins over the TxDefaultProfile only while its transaction runs", () => {
    fc.assert(
      fc.property(scenarioArb(["A"]), ({ data, nowMs, durationSec }) => {
        const running = { ...data, transactions: [{ connectorId: 1, localTxId: 1, startedAt: new Date(t0Ms) }] };
        const idle = { ...data, transactions: [] };
        const withoutTxProfiles = { ...idle, profiles: data.profiles.filter((p) => p.profile.chargingProfilePurpose !== "TxProfile") };
        const [withTx, noTx, reference] = [running, idle, withoutTxProfiles].map((d) => reportedAt(d, 1, durationSec, nowMs, "A")) as [Reported, Reported, Reported];
        for (const second of seconds(durationSec)) {
          expect(noTx(second).limit).toBe(reference(second).limit);
          const txTerm = layerAt(data.profiles.filter((p) => p.profile.chargingProfilePurpose === "TxProfile").map((p) => p.profile), t0Ms, nowMs + second * 1000);
          if (txTerm !== undefined) expect(withTx(second).limit).toBe(tenthsDown(lowestA(prevailingTerms(running, 1, nowMs + second * 1000, nowMs))));
        }
      }),
      runs,
    );
  });

  test("connector 0 is the sum the two connectors may draw, capped by the ChargePointMaxProfile", () => {
    fc.assert(
      fc.property(scenarioArb(["A"]), ({ data, nowMs, durationSec }) => {
        const [station, one, two] = [0, 1, 2].map((id) => reportedAt(data, id, durationSec, nowMs, "A")) as [Reported, Reported, Reported];
        const capAnchorMs = data.transactions.length ? Math.min(...data.transactions.map((t) => t.startedAt.getTime())) : nowMs;
        const caps = data.profiles.filter((p) => p.profile.chargingProfilePurpose === "ChargePointMaxProfile").map((p) => p.profile);
        for (const second of seconds(durationSec)) {
          const cap = layerAt(caps, capAnchorMs, nowMs + second * 1000);
          const sum = one(second).limit + two(second).limit;
          const expected = cap ? Math.min(cap.limitA, sum) : sum;
          expect(Math.abs(station(second).limit - expected)).toBeLessThanOrEqual(0.2 + 1e-9);
          if (cap) expect(station(second).limit).toBeLessThanOrEqual(cap.limitA + 1e-9);
        }
      }),
      runs,
    );
  });
});
