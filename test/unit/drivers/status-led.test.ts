import { describe, expect, test } from "bun:test";
import { blinkCycle, burstPauseMs, cardRefusedLook, StatusLed, statusLooks } from "../../../drivers/status-led.ts";
import type { ChargePointStatus } from "../../../src/messages/status-notification.ts";
import { openVirtualRig } from "../../support/virtual-rig.ts";

const pins = { red: 2, green: 3, blue: 4 };
const full = { lightIntensityPct: 100, blinkRepeat: 3 };

async function ledRig() {
  const rig = await openVirtualRig();
  const led = new StatusLed({ board: rig.board, pins, clock: rig.clock });
  const rgb = () => [rig.io.outputOf(pins.red), rig.io.outputOf(pins.green), rig.io.outputOf(pins.blue)];
  /** The light sampled every `stepMs` for `durationMs`: 1 = lit, 0 = dark. */
  const trace = (durationMs: number, stepMs: number) => {
    const samples: number[] = [];
    for (let t = 0; t < durationMs; t += stepMs) {
      samples.push(rgb().some((value) => value > 0) ? 1 : 0);
      rig.clock.advance(stepMs);
    }
    return samples;
  };
  return { ...rig, led, rgb, trace };
}

describe("status LED", () => {
  test("gives every status its own colour and pattern", () => {
    const looks = Object.values(statusLooks).map((look) => `${look.colour}/${look.pattern}`);
    expect(new Set(looks).size).toBe(9);
  });

  test.each([
    ["Available", [0, 255, 0]],
    ["Charging", [0, 0, 255]],
    ["Reserved", [255, 0, 255]],
    ["Unavailable", [255, 255, 255]],
    ["Finishing", [0, 255, 255]],
  ] as const)("shows %p steadily in its colour", async (status, colour) => {
    const { led, rgb, clock } = await ledRig();
    led.show(status, full);
    expect(rgb()).toEqual([...colour]);
    clock.advance(60_000);
    expect(rgb()).toEqual([...colour]);
  });

  test("dims the colour to LightIntensity", async () => {
    const { led, rgb } = await ledRig();
    led.show("Available", { lightIntensityPct: 50, blinkRepeat: 3 });
    expect(rgb()).toEqual([0, 128, 0]);
    led.show("Available", { lightIntensityPct: 0, blinkRepeat: 3 });
    expect(rgb()).toEqual([0, 0, 0]);
  });

  test("blinks Faulted fast in bursts of BlinkRepeat, with a pause between bursts", async () => {
    const { led, trace, rgb } = await ledRig();
    led.show("Faulted", { lightIntensityPct: 100, blinkRepeat: 2 });
    expect(rgb()).toEqual([255, 0, 0]);
    const cycleMs = 2 * 300 + burstPauseMs;
    const expected = [1, 0, 1, 0, ...new Array(burstPauseMs / 150).fill(0)];
    expect(trace(2 * cycleMs, 150)).toEqual([...expected, ...expected]);
  });

  test("blinks the suspended and preparing statuses slowly, BlinkRepeat times per burst", async () => {
    const { led, trace } = await ledRig();
    led.show("SuspendedEV", { lightIntensityPct: 100, blinkRepeat: 3 });
    expect(trace(3 * 1000 + burstPauseMs, 500)).toEqual([1, 0, 1, 0, 1, 0, 0, 0, 0]);
  });

  test("does not restart the pattern when the same status is shown again", async () => {
    const { led, trace, clock } = await ledRig();
    led.show("Preparing", full);
    clock.advance(500);
    led.show("Preparing", full);
    expect(trace(500, 500)).toEqual([0]);
  });

  test("starts the new pattern at once when the status changes", async () => {
    const { led, rgb, clock } = await ledRig();
    led.show("Faulted", full);
    clock.advance(150);
    expect(rgb()).toEqual([0, 0, 0]);
    led.show("Available", full);
    expect(rgb()).toEqual([0, 255, 0]);
    clock.advance(10_000);
    expect(rgb()).toEqual([0, 255, 0]);
  });

  test("blinks at least once per burst even when BlinkRepeat is 0", () => {
    expect(blinkCycle("fast", 0).filter((phase) => phase.isOn)).toHaveLength(1);
    expect(blinkCycle("slow", 5).filter((phase) => phase.isOn)).toHaveLength(5);
    expect(blinkCycle("steady", 5)).toEqual([{ isOn: true, ms: Infinity }]);
  });

  test("shows a refused card steadily red for a moment, then the status again", async () => {
    const { led, rgb, clock } = await ledRig();
    led.show("Reserved", full);
    led.showCardRefused(full);
    expect(rgb()).toEqual([255, 0, 0]);
    clock.advance(cardRefusedLook.ms - 1);
    expect(rgb()).toEqual([255, 0, 0]);
    clock.advance(1);
    expect(rgb()).toEqual([255, 0, 255]);
  });

  test("a refused card looks like no status: steady red, where Faulted blinks", () => {
    const steadyLooks = Object.values(statusLooks).filter((look) => look.pattern === "steady");
    expect(steadyLooks.map((look) => look.colour)).not.toContain(cardRefusedLook.colour);
  });

  test("a status change ends the refused-card signal at once", async () => {
    const { led, rgb } = await ledRig();
    led.show("Available", full);
    led.showCardRefused(full);
    led.show("Preparing", full);
    expect(rgb()).toEqual([0, 255, 255]);
  });

  test("every status can be shown", async () => {
    const { led, rgb } = await ledRig();
    for (const status of Object.keys(statusLooks) as ChargePointStatus[]) {
      led.show(status, full);
      expect(rgb().some((value) => value > 0)).toBe(true);
    }
  });
});
