import { describe, expect, test } from "bun:test";
import { Contactor, type ContactorFault } from "../../../drivers/contactor.ts";
import { openVirtualRig } from "../../support/virtual-rig.ts";

const relayPin = 22;
const feedbackPin = 23;

/** A contactor whose auxiliary contact the test moves by hand. */
async function contactorRig() {
  const rig = await openVirtualRig();
  const faults: (ContactorFault | null)[] = [];
  const contactor = new Contactor({ board: rig.board, relayPin, feedbackPin, clock: rig.clock, onFaultChanged: (fault) => faults.push(fault) });
  const feedback = (isClosed: boolean) => rig.io.setDigitalInput(feedbackPin, isClosed ? 1 : 0);
  return { ...rig, contactor, faults, feedback };
}

describe("contactor", () => {
  test("drives the relay pin on close and releases it on open without waiting for the clock", async () => {
    const { io, contactor } = await contactorRig();
    expect(io.outputOf(relayPin)).toBe(0);
    expect(contactor.close()).toBe(true);
    expect(io.outputOf(relayPin)).toBe(1);
    contactor.open();
    expect(io.outputOf(relayPin)).toBe(0);
    expect(contactor.isClosed).toBe(false);
  });

  test("accepts feedback that follows the command within the travel time", async () => {
    const { contactor, feedback, clock, faults } = await contactorRig();
    contactor.close();
    clock.advance(150);
    feedback(true);
    clock.advance(5_000);
    contactor.open();
    clock.advance(150);
    feedback(false);
    clock.advance(5_000);
    expect(faults).toEqual([]);
  });

  test("reports a contactor that does not close as stuck open and releases the coil", async () => {
    const { io, contactor, clock, faults } = await contactorRig();
    contactor.close();
    clock.advance(199);
    expect(faults).toEqual([]);
    clock.advance(1);
    expect(faults).toEqual(["stuckOpen"]);
    expect(io.outputOf(relayPin)).toBe(0);
    expect(contactor.fault).toBe("stuckOpen");
  });

  test("keeps a stuck-open contactor faulted and refuses to close it again", async () => {
    const { io, contactor, clock, faults } = await contactorRig();
    contactor.close();
    clock.advance(1_000);
    expect(contactor.close()).toBe(false);
    expect(io.outputOf(relayPin)).toBe(0);
    clock.advance(60_000);
    expect(faults).toEqual(["stuckOpen"]);
  });

  test("reports a welded contactor whose feedback stays closed after opening", async () => {
    const { contactor, feedback, clock, faults } = await contactorRig();
    contactor.close();
    feedback(true);
    clock.advance(1_000);
    contactor.open();
    clock.advance(200);
    expect(faults).toEqual(["welded"]);
  });

  test("reports a contact that closes without being commanded as welded", async () => {
    const { feedback, clock, faults } = await contactorRig();
    feedback(true);
    clock.advance(200);
    expect(faults).toEqual(["welded"]);
  });

  test("clears the welded fault once the feedback shows the contactor open again", async () => {
    const { contactor, feedback, clock, faults } = await contactorRig();
    feedback(true);
    clock.advance(200);
    feedback(false);
    clock.advance(199);
    expect(contactor.fault).toBe("welded");
    clock.advance(1);
    expect(faults).toEqual(["welded", null]);
    expect(contactor.close()).toBe(true);
  });

  test("ignores a feedback bounce shorter than the travel time", async () => {
    const { contactor, feedback, clock, faults } = await contactorRig();
    contactor.close();
    feedback(true);
    clock.advance(1_000);
    feedback(false);
    clock.advance(50);
    feedback(true);
    clock.advance(5_000);
    expect(faults).toEqual([]);
  });
});
