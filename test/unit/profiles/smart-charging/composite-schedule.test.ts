import { describe, expect, test } from "bun:test";
import type { ChargingRateUnit } from "../../../../src/messages/charging-profile.ts";
import { type CompositeInput, compositeSchedule } from "../../../../src/profiles/smart-charging/composite-schedule.ts";
import { at, input, installed, iso, t0Ms } from "./profile-builder.ts";

/** The composite's periods as [startPeriod, limit] (and numberPhases where a test cares). */
function composite(data: CompositeInput, connectorId: number, durationSec: number, nowSec = 0, unit: ChargingRateUnit = "A") {
  const result = compositeSchedule(data, { connectorId, durationSec, unit }, at(nowSec))!;
  return { ...result, periods: result.chargingSchedule.chargingSchedulePeriod.map((p) => [p.startPeriod, p.limit]) };
}

const x = 3; // TEST-CASES §10: the seconds between T0 and the GetCompositeSchedule
const validity = { validFrom: iso(0), validTo: iso(401) };
const cpMax = (id: number, periods: [number, number][], extra = {}) => installed(0, { id, purpose: "ChargePointMaxProfile", duration: 86_400, periods, ...extra });

describe("the OCTT's composite schedules (TEST-CASES §10)", () => {
  test("TC_066: each moment is min(ChargePointMax, TxProfile); the TxProfile overrides the TxDefaultProfile entirely while its transaction runs", () => {
    const data = input(
      [
        cpMax(1, [[0, 10]]),
        installed(1, { id: 2, ...validity, duration: 300, periods: [[0, 6], [60, 10], [120, 8], [180, 15], [260, 8]] }),
        installed(1, { id: 3, purpose: "TxProfile", ...validity, duration: 260, periods: [[0, 8], [50, 11], [140, 16], [200, 6], [240, 12]] }, 1),
      ],
      [{ connectorId: 1 }],
    );
    const result = composite(data, 1, 400, x);
    expect(result.periods).toEqual([[0, 8], [50 - x, 10], [200 - x, 6], [240 - x, 10]]);
    expect(result.chargingSchedule).toMatchObject({ duration: 400, chargingRateUnit: "A" });
    // E3.57: no startSchedule; the periods count from scheduleStart, the moment of the request.
    expect(result.chargingSchedule).not.toHaveProperty("startSchedule");
    expect(result.scheduleStart).toEqual(at(x));
  });

  test("TC_067: what is left after each ClearChargingProfile, down to the connector's own rating", () => {
    const p1 = installed(1, { id: 1, stackLevel: 1, duration: 400, periods: [[0, 6], [60, 8], [200, 10]] });
    const p2 = installed(1, { id: 2, ...validity, duration: 400, periods: [[0, 7], [100, 9]] });
    const p3 = cpMax(3, [[0, 11], [200, 12]], validity);
    expect(composite(input([p1, p2, p3]), 1, 350, x).periods).toEqual([[0, 6], [60 - x, 8], [200 - x, 10]]);
    expect(composite(input([p2, p3]), 1, 350, x).periods).toEqual([[0, 7], [100 - x, 9]]);
    expect(composite(input([p3]), 1, 350, x).periods).toEqual([[0, 11], [200 - x, 12]]);
    expect(composite(input([]), 1, 350, x).periods).toEqual([[0, 32]]);
  });

  test("TC_072: the higher stack level wins while its schedule runs; after its duration the lower one applies", () => {
    const data = input([
      installed(1, { id: 1, stackLevel: 0, ...validity, duration: 400, periods: [[0, 6], [100, 8], [200, 10]] }),
      installed(1, { id: 2, stackLevel: 1, ...validity, duration: 150, periods: [[0, 7], [100, 9]] }),
    ]);
    expect(composite(data, 1, 350, x).periods).toEqual([[0, 7], [100 - x, 9], [150 - x, 8], [200 - x, 10]]);
  });

  test("TC_056 in W: a 6000 W TxDefaultProfile is reported as 6000 W, and as 8.6 A (rounded down, never above it)", () => {
    const data = input([installed(1, { id: 1, duration: 300, unit: "W", phases: 3, periods: [[0, 6000]] })]);
    expect(composite(data, 1, 300, 0, "W").periods).toEqual([[0, 6000]]);
    expect(composite(data, 1, 300, 0, "A").periods).toEqual([[0, 8.6]]);
  });
});

describe("schedule semantics (SPEC-DIGEST §14.3)", () => {
  test("without a duration the last period runs on; periods after the duration never run; a duration past the last period keeps its limit", () => {
    expect(composite(input([installed(1, { id: 1, periods: [[0, 10], [60, 12]] })]), 1, 7_200).periods).toEqual([[0, 10], [60, 12]]);
    expect(composite(input([installed(1, { id: 1, duration: 90, periods: [[0, 10], [60, 12], [120, 8]] })]), 1, 300).periods).toEqual([[0, 10], [60, 12], [90, 32]]);
    expect(composite(input([installed(1, { id: 1, duration: 200, periods: [[0, 10], [60, 12]] })]), 1, 300).periods).toEqual([[0, 10], [60, 12], [200, 32]]);
  });

  test("E3.7: a profile without duration at the top of the stack never lets a lower one through", () => {
    const data = input([installed(1, { id: 1, stackLevel: 0, periods: [[0, 6], [100, 20]] }), installed(1, { id: 2, stackLevel: 5, periods: [[0, 16]] })]);
    expect(composite(data, 1, 3_600).periods).toEqual([[0, 16]]);
  });

  test("a Daily profile whose duration is shorter than the day falls back to the lower stack level, then recurs", () => {
    const data = input([
      installed(1, { id: 1, stackLevel: 0, periods: [[0, 20]] }),
      installed(1, { id: 2, stackLevel: 1, kind: "Recurring", recurrencyKind: "Daily", duration: 3_600, periods: [[0, 8]] }),
    ]);
    expect(composite(data, 1, 2 * 86_400).periods).toEqual([[0, 8], [3_600, 20], [86_400, 8], [90_000, 20]]);
    // Without a lower stack level: nothing but the connector's rating.
    const alone = input([installed(1, { id: 2, kind: "Recurring", recurrencyKind: "Daily", duration: 3_600, periods: [[0, 8]] })]);
    expect(composite(alone, 1, 86_400 + 60).periods).toEqual([[0, 8], [3_600, 32], [86_400, 8]]);
  });

  test("a Recurring schedule longer than its recurrence is cut there: the next recurrence starts over", () => {
    const data = input([installed(1, { id: 1, kind: "Recurring", recurrencyKind: "Daily", duration: 2 * 86_400, periods: [[0, 10], [80_000, 12], [90_000, 6]] })]);
    expect(composite(data, 1, 2 * 86_400).periods).toEqual([[0, 10], [80_000, 12], [86_400, 10], [166_400, 12]]);
  });

  test("a Weekly profile recurs every 7 days from the weekday and time of startSchedule, also before it", () => {
    const data = input([installed(1, { id: 1, kind: "Recurring", recurrencyKind: "Weekly", startSchedule: iso(86_400), duration: 7_200, periods: [[0, 10]] })]);
    expect(composite(data, 1, 7 * 86_400).periods).toEqual([[0, 32], [86_400, 10], [93_600, 32]]);
    expect(composite(data, 1, 3_600, 8 * 86_400).periods).toEqual([[0, 10]]);
    expect(composite(data, 1, 7 * 86_400, -7 * 86_400).periods).toEqual([[0, 32], [86_400, 10], [93_600, 32]]);
  });

  test("a Relative profile counts from the transaction's start, and from now without one", () => {
    const relative = installed(1, { id: 1, kind: "Relative", startSchedule: null, periods: [[0, 6], [600, 16]] });
    expect(composite(input([relative], [{ connectorId: 1, startedAt: at(-300) }]), 1, 900).periods).toEqual([[0, 6], [300, 16]]);
    expect(composite(input([relative]), 1, 900).periods).toEqual([[0, 6], [600, 16]]);
  });

  test("C§7.13: an Absolute schedule without startSchedule runs from the start of charging", () => {
    const data = input([installed(1, { id: 1, startSchedule: null, periods: [[0, 6], [600, 16]] })], [{ connectorId: 1, startedAt: at(-100) }]);
    expect(composite(data, 1, 900).periods).toEqual([[0, 6], [500, 16]]);
  });

  test("validFrom and validTo bound a profile: before and after it the lower ones apply (§14.2: a replacement valid later leaves a gap)", () => {
    const data = input([
      installed(1, { id: 1, stackLevel: 0, periods: [[0, 20]] }),
      installed(1, { id: 2, stackLevel: 3, validFrom: iso(600), validTo: iso(1_200), periods: [[0, 10]] }),
    ]);
    expect(composite(data, 1, 1_800).periods).toEqual([[0, 20], [600, 10], [1_200, 20]]);
  });

  test("a connector's own TxDefaultProfile replaces connector 0's for it, where it is valid; the other connector keeps connector 0's (§14.1)", () => {
    const data = input([
      installed(0, { id: 1, stackLevel: 0, periods: [[0, 20]] }),
      installed(1, { id: 2, stackLevel: 0, validFrom: iso(0), validTo: iso(600), periods: [[0, 10]] }),
    ]);
    expect(composite(data, 1, 1_200).periods).toEqual([[0, 10], [600, 20]]);
    expect(composite(data, 2, 1_200).periods).toEqual([[0, 20]]);
  });

  test("a TxProfile counts only while its transaction runs (§14.1)", () => {
    const profiles = [installed(1, { id: 1, periods: [[0, 20]] }), installed(1, { id: 2, purpose: "TxProfile", periods: [[0, 10]] }, 1)];
    expect(composite(input(profiles, [{ connectorId: 1 }]), 1, 60).periods).toEqual([[0, 10]]);
    expect(composite(input(profiles), 1, 60).periods).toEqual([[0, 20]]);
  });
});

describe("units (§14.3: W ↔ A at 230 V × numberPhases)", () => {
  test("an A profile in W is A × 230 V × numberPhases; a W profile in A divides the same way", () => {
    const a = input([installed(1, { id: 1, periods: [[0, 16, 3], [60, 16, 1]] })]);
    expect(composite(a, 1, 120, 0, "W").periods).toEqual([[0, 11_040], [60, 3_680]]);
    const w = input([installed(1, { id: 1, unit: "W", periods: [[0, 11_040, 3], [60, 3_680, 1]] })]);
    expect(composite(w, 1, 120, 0, "A").periods).toEqual([[0, 16], [60, 16]]);
    expect(compositeSchedule(w, { connectorId: 1, durationSec: 120, unit: "A" }, at(0))!.chargingSchedule.chargingSchedulePeriod.map((p) => p.numberPhases)).toEqual([3, 1]);
  });

  test("mixed units: the lowest current on the fewest phases, within every limit in either unit", () => {
    const data = input([cpMax(1, [[0, 11_000]], { unit: "W", phases: 3 }), installed(1, { id: 2, periods: [[0, 20, 1]] })]);
    // 11000 W on 3 phases is 15.94 A; the TxDefault allows one phase: 15.94 A × 230 V = 3666.7 W, under 20 A × 230 V.
    expect(composite(data, 1, 60, 0, "A").periods).toEqual([[0, 15.9]]);
    expect(composite(data, 1, 60, 0, "W").periods).toEqual([[0, 3_666.6]]);
  });
});

describe("the anchors' bugs", () => {
  test("EVerest libocpp#609: periods that start after the requested start, within the duration, are applied", () => {
    const data = input([
      installed(1, { id: 100, stackLevel: 0, kind: "Recurring", recurrencyKind: "Daily", startSchedule: "2026-01-01T00:00:00Z", unit: "W", periods: [[0, 11_000], [28_800, 6_000], [72_000, 12_000]] }),
      installed(1, { id: 1, stackLevel: 1, startSchedule: "2026-01-01T18:00:00Z", duration: 1_080, unit: "W", periods: [[0, 2_000, 1]] }),
    ]);
    const result = composite(data, 1, 86_400, -3 * 3600, "W"); // from 07:00Z
    expect(result.periods).toEqual([[0, 11_000], [3_600, 6_000], [11 * 3_600, 2_000], [11 * 3_600 + 1_080, 6_000], [13 * 3_600, 12_000], [17 * 3_600, 11_000]]);
  });

  test("EVerest libocpp#1169: a duration of 0 reports the limit of that moment, not the hardware's", () => {
    // The ChargePointMaxProfile of 50 kW is above what the connectors can take (2 × 22,080 W); 10 kW is not.
    const data = input([cpMax(1, [[0, 10_000]], { unit: "W", startSchedule: iso(-60), duration: undefined })]);
    for (const connectorId of [0, 1]) {
      const result = compositeSchedule(data, { connectorId, durationSec: 0, unit: "W" }, at(0))!;
      expect(result.chargingSchedule).toEqual({ duration: 0, chargingRateUnit: "W", chargingSchedulePeriod: [{ startPeriod: 0, limit: 10_000, numberPhases: 3 }] });
    }
    const high = input([cpMax(1, [[0, 50_000]], { unit: "W", startSchedule: iso(-60), duration: undefined })]);
    expect(composite(high, 0, 0, 0, "W").periods).toEqual([[0, 44_160]]);
    expect(composite(high, 1, 0, 0, "W").periods).toEqual([[0, 22_080]]);
  });

  test("connector 0 is what the station may draw: the connectors' sum capped by the ChargePointMaxProfile, not one connector's", () => {
    const data = input([cpMax(1, [[0, 40], [600, 20]]), installed(1, { id: 2, periods: [[0, 16]] }), installed(2, { id: 3, periods: [[0, 10], [300, 32]] })]);
    expect(composite(data, 0, 900).periods).toEqual([[0, 26], [300, 40], [600, 20]]);
    expect(composite(input([]), 0, 60).periods).toEqual([[0, 64]]);
    expect(composite(input([]), 0, 60, 0, "W").periods).toEqual([[0, 44_160]]);
  });
});

describe("time edges", () => {
  test("daylight saving: a Daily profile recurs every 24 h in absolute time; the offset in startSchedule only places the first start", () => {
    // Europe switches to summer time on 29 March 2026: 08:00+01:00 stays 07:00Z, so 08:00 local is 09:00+02:00.
    const daily = installed(1, { id: 1, stackLevel: 0, kind: "Recurring", recurrencyKind: "Daily", startSchedule: "2026-03-28T08:00:00+01:00", duration: 3_600, periods: [[0, 8]] });
    const nowSec = (Date.parse("2026-03-29T00:00:00Z") - t0Ms) / 1000;
    expect(composite(input([daily]), 1, 86_400, nowSec).periods).toEqual([[0, 32], [7 * 3_600, 8], [8 * 3_600, 32]]);
    // C§3.13.7: the Central System sends the DST day a profile of its own, a higher stack level that covers the day.
    const dstDay = installed(1, { id: 2, stackLevel: 1, validFrom: "2026-03-29T00:00:00Z", validTo: "2026-03-30T00:00:00Z", startSchedule: "2026-03-29T00:00:00+00:00", duration: 86_400, periods: [[0, 32], [6 * 3_600, 8], [7 * 3_600, 32]] });
    expect(composite(input([daily, dstDay]), 1, 86_400, nowSec).periods).toEqual([[0, 32], [6 * 3_600, 8], [7 * 3_600, 32]]);
  });

  test("a change inside a second reports the lower limit for that whole second", () => {
    const data = input([installed(1, { id: 1, startSchedule: new Date(t0Ms + 10_500).toISOString(), periods: [[0, 6], [5, 20]] })]);
    expect(composite(data, 1, 30).periods).toEqual([[0, 32], [10, 6], [16, 20]]);
  });
});
