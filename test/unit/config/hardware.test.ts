import { describe, expect, test } from "bun:test";
import { ConfigError, loadConfig } from "../../../src/config/load.ts";
import { tempDir, writeStationConfig } from "../../support/temp-dir.ts";
import { hardwareConfig } from "../../support/virtual-rig.ts";

function problemsWith(hardware: Record<string, unknown>): string[] {
  const file = writeStationConfig(tempDir(), { hardware });
  try {
    loadConfig(file);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.map((line) => line.slice(file.length + 2));
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("hardware configuration", () => {
  test('fills in the CSC-22B7 wiring and ratings for { "board": "virtual" }', () => {
    const { config } = loadConfig(writeStationConfig(tempDir()));
    expect(config.hardware).toEqual({
      board: "virtual",
      connectors: {
        "1": { relayPin: 22, feedbackPin: 23, pilotPwmPin: 9, pilotAnalogPin: "A0", ledPins: { red: 2, green: 3, blue: 4 }, meterPulsePin: 18, maxCurrentA: 32 },
        "2": { relayPin: 24, feedbackPin: 25, pilotPwmPin: 10, pilotAnalogPin: "A1", ledPins: { red: 5, green: 6, blue: 7 }, meterPulsePin: 19, maxCurrentA: 32 },
      },
      impulsesPerKWh: 1000,
      mainsVoltageV: 230,
      phases: 3,
      reader: { type: "pn532", i2cAddress: 0x24, irqPin: 26 },
    });
  });

  test("keeps the defaults of everything a partial override leaves out", () => {
    const file = writeStationConfig(tempDir(), {
      hardware: { board: "firmata", port: "/dev/ttyACM0", connectors: { "2": { maxCurrentA: 16 } }, reader: { type: "uart" }, emergencyStopPin: 30 },
    });
    const { hardware } = loadConfig(file).config;
    expect(hardware.connectors["2"]).toMatchObject({ relayPin: 24, maxCurrentA: 16 });
    expect(hardware.connectors["1"].maxCurrentA).toBe(32);
    expect(hardware.reader).toEqual({ type: "uart", serialPort: "HW_SERIAL1", baudRate: 9600 });
    expect(hardware.emergencyStopPin).toBe(30);
  });

  test("names the bad field and says what it must be", () => {
    expect(
      problemsWith({
        board: "virtual",
        connectors: { "1": { relayPin: 200, pilotAnalogPin: "B2", maxCurrentA: 63 }, "3": {} },
        phases: 2,
        mainsVoltageV: 50,
      }),
    ).toEqual([
      "hardware.connectors.1.relayPin: must be a pin number 0-127",
      "hardware.connectors.1.pilotAnalogPin: must be an analog input A0-A15",
      "hardware.connectors.1.maxCurrentA: must be at most 51 A",
      "hardware.connectors.3: is not a known field",
      "hardware.mainsVoltageV: must be 100-480 V",
      "hardware.phases: must be 1 or 3",
    ]);
  });

  test("reports a pin assigned twice at its second use", () => {
    expect(problemsWith({ board: "virtual", connectors: { "2": { feedbackPin: 22 } } })).toEqual([
      "hardware.connectors.2.feedbackPin: pin 22 is already used by connectors.1.relayPin",
    ]);
    expect(problemsWith({ board: "virtual", emergencyStopPin: 9 })).toEqual(["hardware.emergencyStopPin: pin 9 is already used by connectors.1.pilotPwmPin"]);
    expect(problemsWith({ board: "virtual", reader: { type: "pn532", irqPin: 23 } })).toEqual(["hardware.reader.irqPin: pin 23 is already used by connectors.1.feedbackPin"]);
  });

  test("the virtual board's PN532 has its IRQ on pin 26 unless a reader section says otherwise; a Firmata board's only with irqPin", () => {
    expect(hardwareConfig({}).reader).toEqual({ type: "pn532", i2cAddress: 0x24, irqPin: 26 });
    expect(hardwareConfig({ board: "firmata", port: "/dev/ttyACM0" }).reader).toEqual({ type: "pn532", i2cAddress: 0x24 });
    expect(hardwareConfig({ board: "firmata", port: "/dev/ttyACM0", reader: { type: "pn532", irqPin: 26 } }).reader).toEqual({ type: "pn532", i2cAddress: 0x24, irqPin: 26 });
    expect(hardwareConfig({ reader: { type: "pn532" } }).reader).toEqual({ type: "pn532", i2cAddress: 0x24 });
    expect(hardwareConfig({ reader: { type: "pn532", irqPin: 40 }, emergencyStopPin: 26 }).reader).toEqual({ type: "pn532", i2cAddress: 0x24, irqPin: 40 });
  });

  test("reports an unknown reader type and a software serial port without its pins", () => {
    expect(problemsWith({ board: "virtual", reader: { type: "rdm6300" } })).toEqual([
      'hardware.reader.type: unknown reader type "rdm6300": must be "pn532", "uart" or "none"',
    ]);
    expect(problemsWith({ board: "virtual", reader: { type: "uart", serialPort: "SW_SERIAL0" } })).toEqual([
      "hardware.reader.rxPin: is required for a software serial port",
      "hardware.reader.txPin: is required for a software serial port",
    ]);
    expect(problemsWith({ board: "virtual", reader: { type: "pn532", i2cAddress: 200 } })).toEqual(["hardware.reader.i2cAddress: must be a 7-bit I2C address 8-119"]);
  });
});
