import { describe, expect, test } from "bun:test";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSimAction } from "../../../drivers/sim-action.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { openVirtualStation } from "../../support/virtual-station.ts";

describe("virtual EV", () => {
  test("stays in state B when plugged in and offered nothing", async () => {
    const { world, one, settle } = await openVirtualStation();
    settle();
    expect(one.pilotState).toBe("A");
    world.apply({ action: "plug", connectorId: 1 });
    settle(60_000);
    expect(one.pilotState).toBe("B");
  });

  test("asks for energy (state C) as soon as current is offered", async () => {
    const { world, one, settle } = await openVirtualStation();
    world.apply({ action: "plug", connectorId: 1 });
    settle();
    one.offerCurrent(16);
    settle();
    expect(one.pilotState).toBe("C");
    one.offerCurrent(null);
    settle();
    expect(one.pilotState).toBe("B");
  });

  test("goes back to B when suspended although energy is offered, and to C when it resumes", async () => {
    const { world, one, settle } = await openVirtualStation();
    world.apply({ action: "plug", connectorId: 1 });
    one.offerCurrent(16);
    settle();
    world.apply({ action: "ev-suspend", connectorId: 1 });
    settle();
    expect(one.pilotState).toBe("B");
    world.apply({ action: "ev-resume", connectorId: 1 });
    settle();
    expect(one.pilotState).toBe("C");
  });

  test("gives state A when unplugged, and the other connector is not affected", async () => {
    const { world, one, two, settle } = await openVirtualStation();
    world.apply({ action: "plug", connectorId: 1 });
    world.apply({ action: "plug", connectorId: 2 });
    settle();
    world.apply({ action: "unplug", connectorId: 1 });
    settle();
    expect([one.pilotState, two.pilotState]).toEqual(["A", "B"]);
  });
});

describe("virtual energy", () => {
  test("accrues at the offered current x mains voltage x phases while the contactor is closed", async () => {
    const { world, one, startCharging, clock } = await openVirtualStation();
    expect(startCharging(16)).toEqual({ ok: true });
    const before = one.readMeter().energyWh;
    const worldBefore = world.connector(1).snapshot.energyWh;
    clock.advance(60_000);
    const expectedWh = (16 * 230 * 3 * 60) / 3600;
    expect(world.connector(1).snapshot.energyWh - worldBefore).toBeCloseTo(expectedWh, 1);
    const counted = one.readMeter().energyWh - before;
    expect(Math.abs(counted - expectedWh)).toBeLessThanOrEqual(1);
    expect(one.readMeter().powerW).toBeCloseTo(16 * 230 * 3, -1);
  });

  test("follows a lower offer during the charge", async () => {
    const { world, one, startCharging, clock } = await openVirtualStation({ config: { phases: 1 } });
    startCharging(32);
    one.offerCurrent(10);
    clock.advance(3_600_000);
    // One step of 8-bit PWM is 0.24 A; the offer is rounded down, never up.
    expect(world.connector(1).powerW).toBeLessThanOrEqual(10 * 230);
    expect(world.connector(1).powerW).toBeGreaterThan(10 * 230 - 0.24 * 230);
    expect(world.connector(1).snapshot.energyWh).toBeCloseTo(world.connector(1).powerW, -1);
  });

  test("never exceeds the connector's maximum current", async () => {
    const { world, one, startCharging } = await openVirtualStation({ config: { connectors: { "1": { maxCurrentA: 16 } } } });
    startCharging(32);
    expect(one.offeredA).toBe(16);
    expect(world.connector(1).powerW).toBeCloseTo(16 * 230 * 3, 6);
  });

  test("stops while the EV is suspended or the contactor is open", async () => {
    const { world, one, startCharging, clock, settle } = await openVirtualStation();
    startCharging(16);
    world.apply({ action: "ev-suspend", connectorId: 1 });
    settle();
    const suspendedAt = world.connector(1).snapshot.energyWh;
    clock.advance(600_000);
    expect(world.connector(1).snapshot.energyWh).toBe(suspendedAt);
    world.apply({ action: "ev-resume", connectorId: 1 });
    settle();
    one.openContactor();
    settle();
    const openedAt = world.connector(1).snapshot.energyWh;
    clock.advance(600_000);
    expect(world.connector(1).snapshot.energyWh).toBe(openedAt);
  });
});

describe("virtual world across restarts", () => {
  test("keeps plugged EVs, suspensions, faults and meter registers", async () => {
    const dataDir = tempDir();
    const first = await openVirtualStation({ dataDir });
    first.startCharging(16);
    first.clock.advance(600_000);
    first.world.apply({ action: "plug", connectorId: 2 });
    first.world.apply({ action: "ev-suspend", connectorId: 2 });
    first.world.apply({ action: "fault", connectorId: 0, errorCode: "HighTemperature" });
    const energyWh = first.world.connector(1).snapshot.energyWh;
    await first.station.close();

    const second = await openVirtualStation({ dataDir });
    second.settle();
    expect(second.world.connector(1).snapshot).toMatchObject({ isPlugged: true, isSuspended: false, energyWh });
    expect(second.world.connector(2).snapshot).toMatchObject({ isPlugged: true, isSuspended: true });
    expect([second.one.pilotState, second.two.pilotState]).toEqual(["B", "B"]);
    expect(second.station.faults.map((fault) => fault.errorCode)).toEqual(["HighTemperature"]);
  });

  test("keeps the meter register although the process was killed without closing", async () => {
    const dataDir = tempDir();
    const first = await openVirtualStation({ dataDir });
    first.startCharging(16);
    first.clock.advance(60_000);
    const energyWh = first.world.connector(1).snapshot.energyWh;
    const second = await openVirtualStation({ dataDir });
    expect(second.world.connector(1).snapshot.energyWh).toBeGreaterThan(energyWh - 16 * 230 * 3 * (5 / 3600) - 1);
  });

  test("replaces its state file whole, leaving no temporary file behind", async () => {
    const dataDir = tempDir();
    const { world } = await openVirtualStation({ dataDir });
    world.apply({ action: "plug", connectorId: 2 });
    expect(readdirSync(dataDir)).toEqual(["virtual-world.json"]);
    const saved = JSON.parse(readFileSync(join(dataDir, "virtual-world.json"), "utf8"));
    expect(saved.connectors["2"].isPlugged).toBe(true);
  });

  test("starts an empty world, with a warning, from a corrupt state file", async () => {
    const dataDir = tempDir();
    writeFileSync(join(dataDir, "virtual-world.json"), '{"version": 1, "connectors": ');
    const { world, log } = await openVirtualStation({ dataDir });
    expect(world.connector(1).snapshot.isPlugged).toBe(false);
    expect(log.messages("warn")).toContain("virtual world state unreadable; starting from an empty world");
    expect(existsSync(join(dataDir, "virtual-world.json"))).toBe(true);
  });
});

describe("simulation controls", () => {
  test.each([
    [["plug", "3"], "connector 3 does not exist: use 1 or 2"],
    [["fault", "4"], "connector 4 does not exist: use 0 (the whole station), 1 or 2"],
    [["unplug", "1"], "no EV is plugged in on connector 1"],
    [["ev-suspend", "1"], "no EV is plugged in on connector 1"],
    [["ev-resume", "2"], "the EV on connector 2 is not suspended"],
    [["clear-fault", "0"], "the station has no fault"],
    [["swipe", "HELLO"], 'idTag "HELLO" cannot be on a card for this reader: it must be 8, 14 or 20 hex digits (a 4, 7 or 10 byte card UID)'],
    [["swipe", "04A2B3C4D5"], "idTag \"04A2B3C4D5\" cannot be on a card for this reader: it must be 8, 14 or 20 hex digits (a 4, 7 or 10 byte card UID)"],
  ])("refuses %p with a clear reason", async (args, reason) => {
    const { world } = await openVirtualStation();
    const parsed = parseSimAction(args);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(await world.apply(parsed.action)).toEqual({ ok: false, reason });
  });

  test("refuses to plug an EV where one is plugged in already", async () => {
    const { world } = await openVirtualStation();
    expect(await world.apply({ action: "plug", connectorId: 1 })).toEqual({ ok: true, message: "EV plugged in on connector 1" });
    expect(await world.apply({ action: "plug", connectorId: 1 })).toEqual({ ok: false, reason: "an EV is already plugged in on connector 1" });
  });

  test("refuses a swipe when the station has no reader", async () => {
    const { world } = await openVirtualStation({ config: { reader: { type: "none" } } });
    expect(await world.apply({ action: "swipe", idTag: "04A2B3C4" })).toEqual({ ok: false, reason: 'the station has no card reader (hardware.reader.type is "none")' });
  });

  test.each([
    [[], "no action given"],
    [["dance", "1"], 'unknown action "dance"'],
    [["plug"], "plug takes one argument: the connectorId"],
    [["plug", "1", "2"], "plug takes one argument: the connectorId"],
    [["plug", "one"], 'connectorId must be a whole number, got "one"'],
    [["fault", "1", "Broken"], 'unknown errorCode "Broken"'],
    [["fault", "1", "NoError"], 'unknown errorCode "NoError"'],
    [["swipe"], "swipe takes one argument: the idTag"],
  ])("parses %p into a clear error", (args, reason) => {
    const parsed = parseSimAction(args);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toStartWith(reason);
  });

  test("parses every action of the lab interface", () => {
    expect(parseSimAction(["plug", "1"])).toEqual({ ok: true, action: { action: "plug", connectorId: 1 } });
    expect(parseSimAction(["ev-resume", "2"])).toEqual({ ok: true, action: { action: "ev-resume", connectorId: 2 } });
    expect(parseSimAction(["fault", "0"])).toEqual({ ok: true, action: { action: "fault", connectorId: 0, errorCode: "OtherError" } });
    expect(parseSimAction(["fault", "1", "GroundFailure"])).toEqual({ ok: true, action: { action: "fault", connectorId: 1, errorCode: "GroundFailure" } });
    expect(parseSimAction(["swipe", "04A2B3C4"])).toEqual({ ok: true, action: { action: "swipe", idTag: "04A2B3C4" } });
  });
});
