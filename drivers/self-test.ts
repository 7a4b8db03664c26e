import type { Clock } from "../src/station/ports.ts";
import type { Contactor } from "./contactor.ts";
import type { ControlPilot } from "./control-pilot.ts";
import type { EnergyMeter } from "./energy-meter.ts";
import type { HexColour, StatusLed } from "./status-led.ts";

export type SelfTestResult = "pass" | "fail" | "skipped" | "refused";
/** One line of `csc22b7 diag hw`: connector 0 is the station. */
export type SelfTestItem = { connectorId: number; item: string; result: SelfTestResult; detail: string };

export type SelfTestParts = { contactor: Contactor; pilot: ControlPilot; led: StatusLed; meter: EnergyMeter };

const testColours: { name: string; hex: HexColour }[] = [
  { name: "red", hex: "#FF0000" },
  { name: "green", hex: "#00FF00" },
  { name: "blue", hex: "#0000FF" },
  { name: "white", hex: "#FFFFFF" },
];
const colourStepMs = 400;
/** Longer than any contactor's travel and than the driver's own mismatch check (200 ms). */
const feedbackWaitMs = 500;

/**
 * The self-test of one connector's parts: LED colours, pilot, contactor, meter. The caller makes
 * sure no transaction runs on it; the contactor is switched only while no EV is connected.
 */
export async function selfTestConnector(connectorId: number, parts: SelfTestParts | null, clock: Clock): Promise<SelfTestItem[]> {
  const item = (name: string, [result, detail]: [SelfTestResult, string]): SelfTestItem => ({ connectorId, item: name, result, detail });
  if (!parts) return [item("board", ["fail", "the I/O board is not connected: nothing on this connector can be tested"])];
  await parts.led.testColours(testColours.map((colour) => colour.hex), colourStepMs);
  const led = item("led", ["pass", `showed ${testColours.map((colour) => colour.name).join(", ")}: check by eye`]);
  const pilot = item("pilot", pilotResult(parts.pilot));
  const contactor = item("contactor", await contactorResult(parts, clock));
  return [led, pilot, contactor, item("meter", meterResult(parts.meter))];
}

function pilotResult(pilot: ControlPilot): [SelfTestResult, string] {
  const state = pilot.state;
  const volts = pilot.volts === null ? "" : ` (${pilot.volts.toFixed(1)} V)`;
  if (state === null) return ["fail", "no pilot measurement yet"];
  if (state === "E" || state === "F") return ["fail", `state ${state}${volts}: short circuit or EV-side error`];
  const meaning = { A: "no EV", B: "EV connected", C: "EV requests energy", D: "EV requests energy with ventilation" }[state];
  return ["pass", `state ${state}${volts}, ${meaning}`];
}

async function contactorResult({ contactor, pilot }: SelfTestParts, clock: Clock): Promise<[SelfTestResult, string]> {
  // IEC 61851-1: never switch with an EV on the cable; with none, the cable is live for well under a second.
  if (pilot.state !== "A") return ["skipped", `not switched: an EV is connected (pilot ${pilot.state ?? "not measured"})`];
  if (contactor.fault) return ["fail", `the contactor is faulted (${contactor.fault === "welded" ? "welded" : "does not close"})`];
  const startMs = clock.now().getTime();
  if (!contactor.close()) return ["fail", "the contactor refused to close"];
  const isClosed = await waitFor(() => contactor.feedback === true || contactor.fault !== null, clock, feedbackWaitMs);
  const closeMs = clock.now().getTime() - startMs;
  contactor.open();
  const isOpened = await waitFor(() => contactor.feedback === false, clock, feedbackWaitMs);
  if (!isClosed || contactor.fault === "stuckOpen") return ["fail", "commanded closed, but the feedback contact stayed open: the contactor does not close"];
  if (!isOpened) return ["fail", "commanded open, but the feedback contact stayed closed: the contactor may be welded"];
  return ["pass", `closed and opened again, feedback followed (closed after ${closeMs} ms)`];
}

function meterResult(meter: EnergyMeter): [SelfTestResult, string] {
  const { energyWh, powerW } = meter.read();
  if (!Number.isFinite(energyWh) || energyWh < 0) return ["fail", `unusable register reading ${energyWh} Wh`];
  return ["pass", `register ${(energyWh / 1000).toFixed(3)} kWh, ${Math.round(powerW)} W`];
}

function waitFor(condition: () => boolean, clock: Clock, timeoutMs: number, stepMs = 10): Promise<boolean> {
  const deadline = clock.now().getTime() + timeoutMs;
  return new Promise((resolve) => {
    const check = () => {
      if (condition()) return resolve(true);
      if (clock.now().getTime() >= deadline) return resolve(false);
      clock.after(stepMs, check);
    };
    check();
  });
}
