import { describe, expect, test } from "bun:test";
import { createHardware } from "../../../drivers/index.ts";
import type { HardwareFault, PilotState } from "../../../src/station/hardware-ports.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { openVirtualStation } from "../../support/virtual-station.ts";
import { hardwareConfig, MemoryMeterPersistence, RecordingLog } from "../../support/virtual-rig.ts";

const relayPins = [22, 24];
const ledPins = { red: 2, green: 3, blue: 4 };
const light = { lightIntensityPct: 100, blinkRepeat: 3 };

function recordFaults(target: { on(event: "faultDetected" | "faultCleared", listener: (fault: HardwareFault) => void): () => void }) {
  const events: string[] = [];
  target.on("faultDetected", (fault) => events.push(`+${fault.connectorId}:${fault.errorCode}:${fault.severity}`));
  target.on("faultCleared", (fault) => events.push(`-${fault.connectorId}:${fault.errorCode}`));
  return events;
}

describe("contactor safety", () => {
  test("closes only while the EV asks for energy", async () => {
    const { world, one, settle, io } = await openVirtualStation();
    expect(one.closeContactor()).toEqual({ ok: false, reason: "EvNotRequesting" });
    world.apply({ action: "plug", connectorId: 1 });
    settle();
    expect(one.closeContactor()).toEqual({ ok: false, reason: "EvNotRequesting" });
    one.offerCurrent(16);
    settle();
    expect(one.closeContactor()).toEqual({ ok: true });
    expect(io.outputOf(22)).toBe(1);
    expect(one.isContactorClosed).toBe(true);
  });

  test("opens by itself within 100 ms when the EV stops asking for energy", async () => {
    const { world, one, startCharging, clock, io } = await openVirtualStation();
    startCharging();
    world.apply({ action: "ev-suspend", connectorId: 1 });
    clock.advance(100);
    expect(io.outputOf(22)).toBe(0);
    expect(one.pilotState).toBe("B");
  });

  test("the board reports the pilots every 500 ms while no energy can flow, every 19 ms while it may (IEC 61851-1 reaction times)", async () => {
    const { world, clock, io, settle, startCharging } = await openVirtualStation();
    settle();
    const reportsOver = (ms: number) => {
      let count = 0;
      const counted = () => count++;
      io.on("analog-read-0", counted);
      clock.advance(ms);
      io.removeListener("analog-read-0", counted);
      return count;
    };
    expect(reportsOver(5_000)).toBeWithin(9, 12);
    startCharging();
    expect(reportsOver(1_900)).toBeWithin(99, 102);
    world.apply({ action: "unplug", connectorId: 1 });
    settle();
    expect(reportsOver(5_000)).toBeWithin(9, 12);
  });

  test("a board just connected reports at once, then every 2 ms until both pilots are read: the boot statuses wait 2 ms, not 57", async () => {
    const { station, one, two, clock, io } = await openVirtualStation();
    expect([one.pilotState, two.pilotState]).toEqual([null, null]);
    // The first report came as reporting started, before any sampling interval passed.
    for (const connector of [one, two]) expect(connector.diagnostics().pilotVolts).toBeCloseTo(12, 1);
    let reports = 0;
    io.on("analog-read-0", () => reports++);
    let isSettled = false;
    station.whenSettled(() => (isSettled = true));
    clock.advance(1);
    await Bun.sleep(0);
    expect(isSettled).toBe(false);
    clock.advance(1);
    await Bun.sleep(0);
    expect([one.pilotState, two.pilotState]).toEqual(["A", "A"]);
    expect(reports).toBe(2);
    expect(isSettled).toBe(true);
    // Read: back to the idle rate.
    reports = 0;
    clock.advance(5_000);
    expect(reports).toBeWithin(9, 12);
  });

  test("opens at once when the station opens it, and when the EV is unplugged", async () => {
    const { world, one, startCharging, clock, io } = await openVirtualStation();
    startCharging();
    one.openContactor();
    expect(io.outputOf(22)).toBe(0);
    one.closeContactor();
    world.apply({ action: "unplug", connectorId: 1 });
    clock.advance(100);
    expect(io.outputOf(22)).toBe(0);
  });

  test("makeSafe opens every contactor, withdraws every offer and shows Unavailable", async () => {
    const { world, station, one, two, settle, io } = await openVirtualStation();
    for (const [connector, id] of [[one, 1], [two, 2]] as const) {
      world.apply({ action: "plug", connectorId: id });
      connector.offerCurrent(32);
      connector.showStatus("Charging", light);
    }
    settle();
    expect([one.closeContactor(), two.closeContactor()]).toEqual([{ ok: true }, { ok: true }]);
    station.makeSafe();
    expect(relayPins.map((pin) => io.outputOf(pin))).toEqual([0, 0]);
    expect([one.offeredA, two.offeredA]).toEqual([null, null]);
    expect([io.outputOf(9), io.outputOf(10)]).toEqual([255, 255]);
    expect([io.outputOf(ledPins.red), io.outputOf(ledPins.green), io.outputOf(ledPins.blue)]).toEqual([255, 255, 255]);
    settle();
    expect([one.pilotState, two.pilotState]).toEqual(["B", "B"]);
  });

  test("faults a welded contactor with PowerSwitchFailure and will not close it", async () => {
    const { world, one, startCharging, settle } = await openVirtualStation();
    const events = recordFaults(one);
    startCharging();
    world.setContactorDefect(1, "welded");
    one.openContactor();
    settle(300);
    expect(events).toEqual(["+1:PowerSwitchFailure:fault"]);
    expect(one.faults.map((fault) => fault.info)).toEqual(["contactor welded"]);
    expect(one.closeContactor()).toEqual({ ok: false, reason: "Faulted" });
  });

  test("faults a contactor that does not close and releases its coil", async () => {
    const { world, one, settle, io } = await openVirtualStation();
    const events = recordFaults(one);
    world.setContactorDefect(1, "stuckOpen");
    world.apply({ action: "plug", connectorId: 1 });
    one.offerCurrent(16);
    settle();
    expect(one.closeContactor()).toEqual({ ok: true });
    settle(300);
    expect(events).toEqual(["+1:PowerSwitchFailure:fault"]);
    expect(io.outputOf(22)).toBe(0);
    expect(world.connector(1).powerW).toBe(0);
  });
});

describe("station faults", () => {
  test("an emergency stop faults the station, opens every contactor and blocks closing until released", async () => {
    const { world, station, one, startCharging, settle, io } = await openVirtualStation({ config: { emergencyStopPin: 30 } });
    const events = recordFaults(station);
    startCharging();
    world.setEmergencyStop(true);
    settle(50);
    expect(io.outputOf(22)).toBe(0);
    expect(events).toEqual(["+0:OtherError:fault"]);
    expect(one.closeContactor()).toEqual({ ok: false, reason: "Faulted" });
    world.setEmergencyStop(false);
    settle(50);
    expect(events).toEqual(["+0:OtherError:fault", "-0:OtherError"]);
    expect(one.closeContactor()).toEqual({ ok: true });
  });

  test("a simulated connector fault makes the connector Faulted until cleared", async () => {
    const { world, one, two, startCharging, io } = await openVirtualStation();
    const events = recordFaults(one);
    startCharging();
    world.apply({ action: "fault", connectorId: 1, errorCode: "GroundFailure" });
    expect(io.outputOf(22)).toBe(0);
    expect(one.closeContactor()).toEqual({ ok: false, reason: "Faulted" });
    expect(two.faults).toEqual([]);
    world.apply({ action: "clear-fault", connectorId: 1 });
    expect(events).toEqual(["+1:GroundFailure:fault", "-1:GroundFailure"]);
  });

  test("a simulated station fault blocks every connector", async () => {
    const { world, station, two, settle } = await openVirtualStation();
    const events = recordFaults(station);
    world.apply({ action: "fault", connectorId: 0, errorCode: "OtherError" });
    world.apply({ action: "plug", connectorId: 2 });
    two.offerCurrent(16);
    settle();
    expect(two.closeContactor()).toEqual({ ok: false, reason: "Faulted" });
    expect(events).toEqual(["+0:OtherError:fault"]);
  });

  test("an EV-side error pulls the pilot to E and is reported as an EVCommunicationError warning", async () => {
    const { world, one, settle } = await openVirtualStation();
    const events = recordFaults(one);
    const pilot: PilotState[] = [];
    one.on("pilotChanged", (change) => pilot.push(change.state));
    world.apply({ action: "plug", connectorId: 1 });
    settle();
    world.apply({ action: "fault", connectorId: 1, errorCode: "EVCommunicationError" });
    settle();
    world.apply({ action: "clear-fault", connectorId: 1 });
    settle();
    expect(pilot).toEqual(["B", "E", "B"]);
    expect(events).toEqual(["+1:EVCommunicationError:warning", "-1:EVCommunicationError"]);
  });

  test("a fault left in the world is there again after a restart", async () => {
    const dataDir = tempDir();
    const first = await openVirtualStation({ dataDir });
    first.world.apply({ action: "fault", connectorId: 2, errorCode: "HighTemperature" });
    await first.station.close();
    const second = await openVirtualStation({ dataDir });
    expect(second.two.faults.map((fault) => `${fault.errorCode}/${fault.source}`)).toEqual(["HighTemperature/simulated"]);
  });
});

describe("station hardware", () => {
  test("reports a swiped card once, as upper-case hex", async () => {
    const { world, station, clock } = await openVirtualStation();
    const cards: string[] = [];
    station.on("cardPresented", ({ idTag }) => cards.push(idTag));
    const swiped = world.apply({ action: "swipe", idTag: "04a2b3c4" });
    clock.advance(5_000);
    expect(await swiped).toEqual({ ok: true, message: "card 04A2B3C4 presented to the reader" });
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("raises ReaderFailure while the board loses the PN532's answers, clears it once they come, and reads a swipe then", async () => {
    const { world, station, clock, io } = await openVirtualStation();
    const events = recordFaults(station);
    const cards: string[] = [];
    station.on("cardPresented", ({ idTag }) => cards.push(idTag));
    clock.advance(1_000);
    io.loseI2c("replies", Infinity);
    // Waiting for a card on its IRQ line, the reader sends nothing: its periodic check (30 s) finds the loss.
    clock.advance(40_000);
    expect(events).toEqual(["+0:ReaderFailure:warning"]);
    io.loseI2c("replies", 0);
    const swiped = world.apply({ action: "swipe", idTag: "04A2B3C4" });
    clock.advance(5_000);
    expect(await swiped).toEqual({ ok: true, message: "card 04A2B3C4 presented to the reader" });
    expect(events).toEqual(["+0:ReaderFailure:warning", "-0:ReaderFailure"]);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("reads swiped cards through a UART reader too", async () => {
    const { world, station, clock } = await openVirtualStation({ config: { reader: { type: "uart" } } });
    const cards: string[] = [];
    station.on("cardPresented", ({ idTag }) => cards.push(idTag));
    world.apply({ action: "swipe", idTag: "0102030405" });
    clock.advance(5_000);
    world.apply({ action: "swipe", idTag: "0102030405" });
    clock.advance(5_000);
    expect(cards).toEqual(["0102030405", "0102030405"]);
  });

  test("shows the connector's status on its LED", async () => {
    const { one, io } = await openVirtualStation();
    one.showStatus("Reserved", { lightIntensityPct: 100, blinkRepeat: 1 });
    expect([io.outputOf(2), io.outputOf(3), io.outputOf(4)]).toEqual([255, 0, 255]);
  });

  test("saves the meter registers when closed and starts from them again", async () => {
    const persistence = new MemoryMeterPersistence();
    const dataDir = tempDir();
    const first = await openVirtualStation({ dataDir, persistence });
    first.startCharging(16);
    first.clock.advance(30_000);
    const energyWh = first.one.readMeter().energyWh;
    expect(energyWh).toBeGreaterThan(80);
    await first.station.close();
    expect(persistence.registers.get(1)).toBe(energyWh);
    const second = await openVirtualStation({ dataDir, persistence });
    expect(second.one.readMeter().energyWh).toBe(energyWh);
  });

  test("firstPilotReadings resolves once every pilot has been read, with a plugged EV already in state B", async () => {
    const dataDir = tempDir();
    const before = await openVirtualStation({ dataDir });
    before.world.apply({ action: "plug", connectorId: 1 });
    before.settle();
    await before.station.close();
    const { station, one, two, settle } = await openVirtualStation({ dataDir });
    let isResolved = false;
    const read = station.firstPilotReadings(2_000).then(() => (isResolved = true));
    expect([one.pilotState, two.pilotState]).toEqual([null, null]);
    settle();
    await read;
    expect(isResolved).toBe(true);
    expect([one.pilotState, two.pilotState]).toEqual(["B", "A"]);
  });

  test("firstPilotReadings gives up after its timeout when a pilot never reads", async () => {
    const { station, clock } = await openVirtualStation();
    station.connectors[0]!.detach(true);
    let isResolved = false;
    const read = station.firstPilotReadings(2_000).then(() => (isResolved = true));
    clock.advance(1_999);
    await Promise.resolve();
    expect(isResolved).toBe(false);
    clock.advance(1);
    await read;
    expect(isResolved).toBe(true);
  });

  test("createHardware gives the virtual board with its simulation controls", async () => {
    const clock = new FakeClock();
    const hardware = createHardware(hardwareConfig(), { clock, log: new RecordingLog(), dataDir: tempDir(), persistence: new MemoryMeterPersistence() });
    await hardware.started;
    expect(hardware.board).toBe("virtual");
    expect(hardware.isBoardConnected).toBe(true);
    expect(hardware.faults).toEqual([]);
    expect(hardware.connectors.map((connector) => connector.faults)).toEqual([[], []]);
    expect(await hardware.simulation?.apply({ action: "plug", connectorId: 2 })).toEqual({ ok: true, message: "EV plugged in on connector 2" });
    clock.advance(100);
    expect(hardware.connectors[1]!.pilotState).toBe("B");
    await hardware.close();
    expect(hardware.isBoardConnected).toBe(false);
  });
});
