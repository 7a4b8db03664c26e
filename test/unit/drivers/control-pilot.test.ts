import { describe, expect, test } from "bun:test";
import { classifyPilot, ControlPilot, currentForDuty, dutyForCurrent, pwmValueFor, rawFromPilotVolts } from "../../../drivers/control-pilot.ts";
import type { PilotState } from "../../../src/station/hardware-ports.ts";
import { openVirtualRig } from "../../support/virtual-rig.ts";

const samplingMs = 19;

async function pilotRig() {
  const rig = await openVirtualRig();
  const changes: { state: PilotState; previous: PilotState | null }[] = [];
  const pilot = new ControlPilot({ board: rig.board, pwmPin: 9, analogChannel: 0, onStateChanged: (state, previous) => changes.push({ state, previous }) });
  /** Puts `volts` on A0 for `samples` sampling periods. */
  const hold = (volts: number, samples = 1) => {
    rig.io.setAnalogInput(0, rawFromPilotVolts(volts, 1023));
    rig.clock.advance(samples * samplingMs);
  };
  return { ...rig, pilot, changes, hold };
}

describe("PWM duty cycle (IEC 61851-1 Table A.7)", () => {
  test.each([
    [6, 10],
    [10, 16.667],
    [16, 26.667],
    [20, 33.333],
    [32, 53.333],
    [40, 66.667],
    [51, 85],
  ])("offers %p A as %p percent duty", (limitA, dutyPct) => {
    expect(dutyForCurrent(limitA)).toBeCloseTo(dutyPct, 2);
  });

  test("offers nothing (100 %) for no limit or less than 6 A, and never more than 51 A", () => {
    expect(dutyForCurrent(null)).toBe(100);
    expect(dutyForCurrent(0)).toBe(100);
    expect(dutyForCurrent(5.9)).toBe(100);
    expect(dutyForCurrent(63)).toBe(85);
  });

  test("an EV reads back the offered current from the duty cycle", () => {
    for (let limitA = 6; limitA <= 51; limitA += 5) expect(currentForDuty(dutyForCurrent(limitA))!).toBeCloseTo(limitA, 6);
    expect(currentForDuty(100)).toBeNull();
    expect(currentForDuty(5)).toBeNull();
  });

  test("never offers more than the limit through the coarse steps of 8-bit PWM", () => {
    for (let limitA = 6; limitA <= 51; limitA += 0.1) {
      const readA = currentForDuty((pwmValueFor(dutyForCurrent(limitA), 255) / 255) * 100);
      expect(readA).not.toBeNull();
      expect(readA!).toBeLessThanOrEqual(limitA + 1e-9);
      expect(readA!).toBeGreaterThan(limitA - 0.25);
    }
  });

  test("writes the duty on the PWM pin at the board's 8-bit resolution", async () => {
    const { io, pilot } = await pilotRig();
    expect(io.outputOf(9)).toBe(255);
    pilot.offer(16);
    expect(io.outputOf(9)).toBe(68);
    pilot.offer(32);
    expect(io.outputOf(9)).toBe(136);
    pilot.offer(null);
    expect(io.outputOf(9)).toBe(255);
  });
});

describe("pilot state classification", () => {
  test.each([
    [12, "A"],
    [9, "B"],
    [6, "C"],
    [3, "D"],
    [0, "E"],
    [-12, "F"],
  ] as const)("%p V is state %p", (volts, state) => {
    expect(classifyPilot(volts, null, 0.5)).toBe(state);
  });

  test("keeps the current state within the hysteresis beyond its band", () => {
    expect(classifyPilot(7.2, null, 0.5)).toBe("C");
    expect(classifyPilot(7.2, "B", 0.5)).toBe("B");
    expect(classifyPilot(6.9, "B", 0.5)).toBe("C");
    expect(classifyPilot(7.8, "C", 0.5)).toBe("C");
    expect(classifyPilot(8.1, "C", 0.5)).toBe("B");
  });

  test("reports a new state once it has been measured three samples in a row", async () => {
    const { hold, changes } = await pilotRig();
    hold(9, 2);
    expect(changes).toEqual([]);
    hold(9, 1);
    expect(changes).toEqual([{ state: "B", previous: null }]);
    hold(9, 20);
    expect(changes).toHaveLength(1);
  });

  test("ignores single and double noise spikes", async () => {
    const { hold, changes, pilot } = await pilotRig();
    hold(9, 3);
    hold(6, 1);
    hold(9, 3);
    hold(0, 2);
    hold(9, 3);
    expect(changes.map((c) => c.state)).toEqual(["B"]);
    expect(pilot.state).toBe("B");
  });

  test("does not flap while the level wobbles around the B/C boundary", async () => {
    const { hold, changes } = await pilotRig();
    hold(9, 3);
    for (let i = 0; i < 10; i++) {
      hold(7.3, 2);
      hold(7.7, 2);
    }
    expect(changes.map((c) => c.state)).toEqual(["B"]);
    hold(6, 3);
    for (let i = 0; i < 10; i++) {
      hold(7.4, 2);
      hold(7.9, 2);
    }
    expect(changes.map((c) => c.state)).toEqual(["B", "C"]);
  });

  test("follows a plug-in, a charge and an unplug", async () => {
    const { hold, changes } = await pilotRig();
    hold(12, 3);
    hold(9, 3);
    hold(6, 3);
    hold(9, 3);
    hold(12, 3);
    expect(changes.map((c) => `${c.previous}>${c.state}`)).toEqual(["null>A", "A>B", "B>C", "C>B", "B>A"]);
  });

  test("stops listening once disposed", async () => {
    const { hold, changes, pilot } = await pilotRig();
    pilot.dispose();
    hold(9, 5);
    expect(changes).toEqual([]);
  });
});
