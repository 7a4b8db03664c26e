import { afterEach, describe, expect, test } from "bun:test";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { rawFromPilotVolts } from "../../../drivers/control-pilot.ts";
import { createHardware, type Hardware } from "../../../drivers/index.ts";
import { encodeUartFrame } from "../../../drivers/uart-card-reader.ts";
import type { HardwareConfig } from "../../../src/config/hardware.ts";
import type { HardwareFault } from "../../../src/station/hardware-ports.ts";
import { FakeFirmataDevice } from "../../support/fake-firmata-device.ts";
import { systemClock, waitFor } from "../../support/system-clock.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { hardwareConfig, MemoryMeterPersistence, RecordingLog } from "../../support/virtual-rig.ts";

const socat = Bun.which("socat");
const skipReason = socat ? "" : " (SKIPPED: socat is not installed; `apt-get install socat` gives the PTY pair this test needs)";
if (!socat) console.warn(`firmata.test.ts${skipReason}`);

const timeoutMs = 30_000;
const volts = (level: number) => rawFromPilotVolts(level, 1023);
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** A PTY pair: the station opens `boardPort`, the fake board `devicePort`. Killing socat pulls the cable. */
async function startPtyPair(dir: string): Promise<{ boardPort: string; devicePort: string; stop(): Promise<void> }> {
  const boardPort = join(dir, "board-port");
  const devicePort = join(dir, "device-port");
  const process = Bun.spawn([socat!, `pty,raw,echo=0,link=${boardPort}`, `pty,raw,echo=0,link=${devicePort}`], { stdout: "ignore", stderr: "ignore" });
  await waitFor(() => existsSync(boardPort) && existsSync(devicePort), "socat's PTY links");
  const stop = async () => {
    process.kill();
    await process.exited;
  };
  cleanups.push(stop);
  return { boardPort, devicePort, stop };
}

/** A fake board with no EV on either pilot (12 V, state A) until the test says otherwise. */
async function startDevice(devicePort: string): Promise<FakeFirmataDevice> {
  const device = new FakeFirmataDevice(devicePort);
  await device.start();
  device.setAnalogInput(0, volts(12));
  device.setAnalogInput(1, volts(12));
  cleanups.push(() => device.close());
  return device;
}

async function startStation(boardPort: string, overrides: Record<string, unknown> = {}): Promise<Hardware> {
  const config = { ...hardwareConfig(overrides), board: "firmata", port: boardPort, baudRate: 57600 } as HardwareConfig;
  const hardware = createHardware(config, { clock: systemClock, log: new RecordingLog(), dataDir: tempDir(), persistence: new MemoryMeterPersistence() });
  await hardware.started;
  cleanups.push(() => hardware.close());
  return hardware;
}


describe.skipIf(!socat)(`Firmata board over a PTY pair${skipReason}`, () => {
  test("connects, reads the pilot and drives pilot PWM, relay and LED through Firmata", async () => {
    const pty = await startPtyPair(tempDir());
    const device = await startDevice(pty.devicePort);
    device.setAnalogInput(0, volts(9));
    const hardware = await startStation(pty.boardPort);
    const one = hardware.connectors[0]!;
    expect(hardware.isBoardConnected).toBe(true);
    await waitFor(() => one.pilotState === "B", "pilot state B");

    one.offerCurrent(16);
    await waitFor(() => device.outputs.get(9) === 68, "16 A offered as PWM 68/255 on pin 9");
    device.setAnalogInput(0, volts(6));
    await waitFor(() => one.pilotState === "C", "pilot state C");
    expect(one.closeContactor()).toEqual({ ok: true });
    await waitFor(() => device.outputs.get(22) === 1, "relay pin 22 high");
    device.setDigitalInput(23, 1);

    one.showStatus("Available", { lightIntensityPct: 100, blinkRepeat: 3 });
    await waitFor(() => device.outputs.get(3) === 255 && device.outputs.get(2) === 0 && device.outputs.get(4) === 0, "green LED");
    expect(hardware.faults).toEqual([]);
    expect(one.faults).toEqual([]);
  }, timeoutMs);

  test("asks the board for a report every 2 ms until both pilots are first read (under firmata-io's 10 ms floor), then every 500 ms", async () => {
    const pty = await startPtyPair(tempDir());
    const device = await startDevice(pty.devicePort);
    const hardware = await startStation(pty.boardPort);
    await hardware.firstPilotReadings(5_000);
    await waitFor(() => device.samplingIntervals.at(-1) === 500, "the idle interval");
    expect(device.samplingIntervals).toEqual([2, 500]);
    expect(hardware.connectors.map((connector) => connector.pilotState)).toEqual(["A", "A"]);
  }, timeoutMs);

  test("counts S0 pulses reported by the board", async () => {
    const pty = await startPtyPair(tempDir());
    const device = await startDevice(pty.devicePort);
    const hardware = await startStation(pty.boardPort);
    const one = hardware.connectors[0]!;
    await waitFor(() => device.pinModes.get(18) === 0x00, "pulse pin 18 set to input");
    for (let pulse = 0; pulse < 3; pulse++) {
      device.setDigitalInput(18, 1);
      await Bun.sleep(40);
      device.setDigitalInput(18, 0);
      await Bun.sleep(40);
    }
    await waitFor(() => one.readMeter().energyWh === 3, "3 Wh counted");
  }, timeoutMs);

  test("reads a card from a UART reader on the board's serial port", async () => {
    const pty = await startPtyPair(tempDir());
    const device = await startDevice(pty.devicePort);
    const hardware = await startStation(pty.boardPort, { reader: { type: "uart", serialPort: "HW_SERIAL1" } });
    const cards: string[] = [];
    hardware.on("cardPresented", ({ idTag }) => cards.push(idTag));
    await waitFor(() => device.serialReadPorts.has(1), "reading serial port 1");
    device.sendSerial(1, encodeUartFrame("04a2b3c4"));
    await waitFor(() => cards.length > 0, "a card");
    expect(cards).toEqual(["04A2B3C4"]);
  }, timeoutMs);

  test("faults every connector while the link is down and recovers when the board is back", async () => {
    const dir = tempDir();
    const pty = await startPtyPair(dir);
    const device = await startDevice(pty.devicePort);
    device.setAnalogInput(0, volts(6));
    const hardware = await startStation(pty.boardPort);
    const one = hardware.connectors[0]!;
    const faults: HardwareFault[] = [];
    one.on("faultDetected", (fault) => faults.push(fault));
    await waitFor(() => one.pilotState === "C", "pilot state C");
    expect(one.closeContactor()).toEqual({ ok: true });

    await pty.stop();
    device.close();
    await waitFor(() => !hardware.isBoardConnected, "the link to drop");
    expect(faults.map((fault) => `${fault.errorCode}/${fault.severity}/${fault.source}`)).toEqual(["InternalError/fault/board"]);
    expect(hardware.connectors[1]!.faults.map((fault) => fault.source)).toEqual(["board"]);
    expect(one.isContactorClosed).toBe(false);
    expect(one.closeContactor()).toEqual({ ok: false, reason: "BoardOffline" });

    const again = await startPtyPair(dir);
    const replugged = await startDevice(again.devicePort);
    replugged.setAnalogInput(0, volts(9));
    await waitFor(() => hardware.isBoardConnected, "the board to be back", 15_000);
    expect(one.faults).toEqual([]);
    expect(hardware.faults).toEqual([]);
    await waitFor(() => one.pilotState === "B", "pilot read again");
    expect(replugged.outputs.get(22) ?? 0).toBe(0);
  }, timeoutMs);

  test("drops a board that stops answering", async () => {
    const pty = await startPtyPair(tempDir());
    const device = await startDevice(pty.devicePort);
    const hardware = await startStation(pty.boardPort);
    device.fallSilent();
    await waitFor(() => !hardware.isBoardConnected, "the silent board to be dropped", 10_000);
    expect(hardware.faults.map((fault) => fault.info)).toEqual(["I/O board link lost: board stopped answering"]);
  }, timeoutMs);
});
