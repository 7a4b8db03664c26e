import { describe, expect, test } from "bun:test";
import { S0EnergyMeter } from "../../../drivers/energy-meter.ts";
import { MemoryMeterPersistence, openVirtualRig } from "../../support/virtual-rig.ts";

const pulsePin = 18;

async function meterRig(options: { impulsesPerKWh?: number; persistence?: MemoryMeterPersistence } = {}) {
  const rig = await openVirtualRig();
  const persistence = options.persistence ?? new MemoryMeterPersistence();
  const open = () =>
    new S0EnergyMeter({ board: rig.board, pin: pulsePin, connectorId: 1, impulsesPerKWh: options.impulsesPerKWh ?? 1000, persistence, clock: rig.clock, log: rig.log });
  /** `count` S0 pulses of 30 ms, one every `periodMs`. */
  const pulses = (count: number, periodMs = 100) => {
    for (let i = 0; i < count; i++) {
      rig.io.setDigitalInput(pulsePin, 1);
      rig.clock.advance(30);
      rig.io.setDigitalInput(pulsePin, 0);
      rig.clock.advance(periodMs - 30);
    }
  };
  return { ...rig, persistence, open, pulses };
}

describe("S0 energy meter", () => {
  test("counts each pulse as 1000 / impulsesPerKWh Wh", async () => {
    const a = await meterRig();
    const meter = a.open();
    a.pulses(7);
    expect(meter.read().energyWh).toBe(7);
    const b = await meterRig({ impulsesPerKWh: 800 });
    const coarse = b.open();
    b.pulses(4);
    expect(coarse.read().energyWh).toBe(5);
  });

  test("ignores spikes shorter than a real S0 pulse", async () => {
    const { open, io, clock } = await meterRig();
    const meter = open();
    for (let i = 0; i < 5; i++) {
      io.setDigitalInput(pulsePin, 1);
      clock.advance(2);
      io.setDigitalInput(pulsePin, 0);
      clock.advance(50);
    }
    expect(meter.read().energyWh).toBe(0);
  });

  test("does not count a pulse that is already on when the meter starts", async () => {
    const { open, io, clock } = await meterRig();
    io.setDigitalInput(pulsePin, 1);
    const meter = open();
    clock.advance(30);
    io.setDigitalInput(pulsePin, 0);
    clock.advance(100);
    expect(meter.read().energyWh).toBe(0);
  });

  test("derives power from the pulse rate", async () => {
    const { open, pulses } = await meterRig();
    const meter = open();
    // 1 Wh every 360 ms is 10 kW.
    pulses(5, 360);
    expect(meter.read().powerW).toBeCloseTo(10_000, 6);
  });

  test("lets the power fall when pulses stop, down to 0 after three missed intervals", async () => {
    const { open, pulses, clock } = await meterRig();
    const meter = open();
    pulses(5, 360);
    // The last pulse counted 5 ms after its edge (debounce), 355 ms ago; 720 ms after it, at most half the power.
    clock.advance(365);
    expect(meter.read().powerW).toBeCloseTo(5_000, 6);
    clock.advance(400);
    expect(meter.read().powerW).toBe(0);
    expect(meter.read().energyWh).toBe(5);
  });

  test("saves the register every 10 pulses, not on each one", async () => {
    const { open, pulses, persistence } = await meterRig();
    open();
    pulses(9);
    expect(persistence.saves).toBe(0);
    pulses(1);
    expect(persistence.saves).toBe(1);
    expect(persistence.registers.get(1)).toBe(10);
  });

  test("saves a few unsaved pulses a minute later", async () => {
    const { open, pulses, persistence, clock } = await meterRig();
    open();
    pulses(3);
    expect(persistence.saves).toBe(0);
    clock.advance(60_000);
    expect(persistence.registers.get(1)).toBe(3);
  });

  test("saves unsaved pulses before handing out a reading, so a power loss never takes the register below it", async () => {
    const { open, pulses, persistence } = await meterRig();
    const meter = open();
    pulses(3);
    expect(persistence.saves).toBe(0);
    expect(meter.read().energyWh).toBe(3);
    expect(persistence.registers.get(1)).toBe(3);
    meter.read();
    expect(persistence.saves).toBe(1);
    // Power loss: no close(); the next start continues from what was read.
    expect(open().read().energyWh).toBe(3);
  });

  test("continues from the saved register when the meter is created again", async () => {
    const { open, pulses, persistence } = await meterRig();
    const first = open();
    pulses(13);
    first.close();
    expect(persistence.registers.get(1)).toBe(13);
    const second = open();
    expect(second.read().energyWh).toBe(13);
    pulses(2);
    expect(second.read().energyWh).toBe(15);
  });

  test("stops counting once closed", async () => {
    const { open, pulses } = await meterRig();
    const meter = open();
    pulses(2);
    meter.close();
    pulses(2);
    expect(meter.read().energyWh).toBe(2);
  });

  test("keeps counting when a save fails, logs it and saves again later", async () => {
    const { open, pulses, persistence, log } = await meterRig();
    const failing = Object.assign(persistence, {
      save(connectorId: number, energyWh: number) {
        if (persistence.saves++ === 0) throw new Error("disk full");
        persistence.registers.set(connectorId, energyWh);
      },
    });
    const meter = open();
    pulses(10);
    expect(log.messages("error")).toEqual(["saving the energy register failed"]);
    pulses(1);
    expect(failing.registers.get(1)).toBe(11);
    expect(meter.read().energyWh).toBe(11);
  });
});
