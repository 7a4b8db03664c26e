import * as v from "valibot";

/** Firmata pin numbers run 0-127; analog inputs are named A0-A15 as on the board's silkscreen. */
const Pin = v.pipe(v.number(), v.integer("must be a whole pin number"), v.minValue(0, "must be a pin number 0-127"), v.maxValue(127, "must be a pin number 0-127"));
const AnalogPin = v.pipe(v.string(), v.regex(/^A(?:[0-9]|1[0-5])$/, "must be an analog input A0-A15"));

type ConnectorDefaults = {
  relayPin: number;
  feedbackPin: number;
  pilotPwmPin: number;
  pilotAnalogPin: string;
  ledPins: { red: number; green: number; blue: number };
  meterPulsePin: number;
  maxCurrentA: number;
};

/** The CSC-22B7 main board wiring (schematic rev. C). */
export const csc22b7Connectors: Record<"1" | "2", ConnectorDefaults> = {
  "1": { relayPin: 22, feedbackPin: 23, pilotPwmPin: 9, pilotAnalogPin: "A0", ledPins: { red: 2, green: 3, blue: 4 }, meterPulsePin: 18, maxCurrentA: 32 },
  "2": { relayPin: 24, feedbackPin: 25, pilotPwmPin: 10, pilotAnalogPin: "A1", ledPins: { red: 5, green: 6, blue: 7 }, meterPulsePin: 19, maxCurrentA: 32 },
};

/** The CSC-22B7's PN532 (schematic rev. C): I2C 0x24, polled; its IRQ output is not wired on that board. */
export const csc22b7Reader = { type: "pn532", i2cAddress: 0x24 } as const;

/**
 * The virtual board's PN532 also has its IRQ output wired, to pin 26 (on a Mega 2560 PA4, a plain GPIO
 * with no timer or serial function): the reader waits for a card instead of polling (issue 18). A
 * Firmata board gets the IRQ only from `reader.irqPin`, where the wire is known to be there (a line that
 * does not follow the chip is found at set-up and the reader then polls, but logs it as an error).
 */
export const virtualBoardReader = { ...csc22b7Reader, irqPin: 26 } as const;

/** IEC 61851-1: a PWM offer can express 6-80 A; the CSC-22B7 contactors and cables are rated up to 51 A. */
const MaxCurrentA = v.pipe(v.number(), v.minValue(6, "must be at least 6 A (IEC 61851 minimum)"), v.maxValue(51, "must be at most 51 A"));

function connectorConfig(defaults: ConnectorDefaults) {
  return v.optional(
    v.strictObject({
      relayPin: v.optional(Pin, defaults.relayPin),
      feedbackPin: v.optional(Pin, defaults.feedbackPin),
      pilotPwmPin: v.optional(Pin, defaults.pilotPwmPin),
      pilotAnalogPin: v.optional(AnalogPin, defaults.pilotAnalogPin),
      ledPins: v.optional(v.strictObject({ red: Pin, green: Pin, blue: Pin }), defaults.ledPins),
      meterPulsePin: v.optional(Pin, defaults.meterPulsePin),
      maxCurrentA: v.optional(MaxCurrentA, defaults.maxCurrentA),
    }),
    {},
  );
}

export const serialPortIds = ["HW_SERIAL0", "HW_SERIAL1", "HW_SERIAL2", "HW_SERIAL3", "SW_SERIAL0", "SW_SERIAL1", "SW_SERIAL2", "SW_SERIAL3"] as const;

export const ReaderConfig = v.variant(
  "type",
  [
    v.strictObject({
      type: v.literal("pn532"),
      i2cAddress: v.optional(v.pipe(v.number(), v.integer(), v.minValue(8, "must be a 7-bit I2C address 8-119"), v.maxValue(119, "must be a 7-bit I2C address 8-119")), 0x24),
      /** The digital input wired to the chip's IRQ output: the reader waits for a card instead of polling. Without it, it polls. */
      irqPin: v.optional(Pin),
    }),
    v.pipe(
      v.strictObject({
        type: v.literal("uart"),
        serialPort: v.optional(v.picklist(serialPortIds, `must be one of ${serialPortIds.join(", ")}`), "HW_SERIAL1"),
        baudRate: v.optional(v.picklist([9600, 19200, 38400, 57600, 115200], "must be 9600, 19200, 38400, 57600 or 115200"), 9600),
        /** Software serial ports need their pins; hardware ones have fixed pins. */
        rxPin: v.optional(Pin),
        txPin: v.optional(Pin),
      }),
      v.forward(v.check((r) => !r.serialPort.startsWith("SW_") || r.rxPin !== undefined, "is required for a software serial port"), ["rxPin"]),
      v.forward(v.check((r) => !r.serialPort.startsWith("SW_") || r.txPin !== undefined, "is required for a software serial port"), ["txPin"]),
    ),
    v.strictObject({ type: v.literal("none") }),
  ],
  (issue) => `unknown reader type ${JSON.stringify(issue.input)}: must be "pn532", "uart" or "none"`,
);
export type ReaderConfig = v.InferOutput<typeof ReaderConfig>;

/** What every board shares: the station's wiring and electrical ratings, all defaulting to the CSC-22B7. */
const stationEntries = {
  connectors: v.optional(v.strictObject({ "1": connectorConfig(csc22b7Connectors["1"]), "2": connectorConfig(csc22b7Connectors["2"]) }), {}),
  /** S0 pulse constant of the energy meters. */
  impulsesPerKWh: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1, "must be a positive number of impulses per kWh"), v.maxValue(100_000, "must be at most 100000")), 1000),
  mainsVoltageV: v.optional(v.pipe(v.number(), v.minValue(100, "must be 100-480 V"), v.maxValue(480, "must be 100-480 V")), 230),
  phases: v.optional(v.picklist([1, 3], "must be 1 or 3"), 3),
  reader: v.optional(ReaderConfig, { ...csc22b7Reader }),
  /** A normally-closed stop button to ground, read with the pull-up: a broken wire also stops. */
  emergencyStopPin: v.optional(Pin),
};

/** The built-in simulated board: relays, LEDs, pilot, meters, reader and EVs in software. */
export const VirtualBoardConfig = v.strictObject({
  board: v.literal("virtual"),
  ...stationEntries,
  reader: v.optional(ReaderConfig, { ...virtualBoardReader }),
});

/** A real Firmata board on a serial port. */
export const FirmataBoardConfig = v.strictObject({
  board: v.literal("firmata"),
  port: v.pipe(v.string(), v.startsWith("/dev/", "must be a device path such as /dev/ttyACM0")),
  baudRate: v.optional(v.picklist([57600, 115200], "must be 57600 or 115200"), 57600),
  ...stationEntries,
});

export const HardwareConfig = v.pipe(
  v.variant(
    "board",
    [VirtualBoardConfig, FirmataBoardConfig],
    (issue) => `unknown board ${JSON.stringify(issue.input)}: must be "virtual" or "firmata"`,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    for (const clash of pinClashes(dataset.value)) {
      const [first, ...rest] = clash.path.map(pathItem);
      addIssue({ message: `pin ${clash.pin} is already used by ${clash.firstUse.join(".")}`, path: [first!, ...rest] });
    }
  }),
);
export type HardwareConfig = v.InferOutput<typeof HardwareConfig>;
export type ConnectorConfig = HardwareConfig["connectors"]["1"];

type PinUse = { pin: number; path: string[] };

/** Every digital pin the configuration assigns, with where it is assigned. */
function pinUses(config: HardwareConfig): PinUse[] {
  const uses: PinUse[] = [];
  for (const id of ["1", "2"] as const) {
    const c = config.connectors[id];
    for (const key of ["relayPin", "feedbackPin", "pilotPwmPin", "meterPulsePin"] as const) uses.push({ pin: c[key], path: ["connectors", id, key] });
    for (const colour of ["red", "green", "blue"] as const) uses.push({ pin: c.ledPins[colour], path: ["connectors", id, "ledPins", colour] });
  }
  if (config.emergencyStopPin !== undefined) uses.push({ pin: config.emergencyStopPin, path: ["emergencyStopPin"] });
  if (config.reader.type === "pn532" && config.reader.irqPin !== undefined) uses.push({ pin: config.reader.irqPin, path: ["reader", "irqPin"] });
  if (config.reader.type === "uart") {
    for (const key of ["rxPin", "txPin"] as const) {
      const pin = config.reader[key];
      if (pin !== undefined) uses.push({ pin, path: ["reader", key] });
    }
  }
  return uses;
}

function pinClashes(config: HardwareConfig): { pin: number; path: string[]; firstUse: string[] }[] {
  const firstUse = new Map<number, string[]>();
  const clashes = [];
  for (const use of pinUses(config)) {
    const earlier = firstUse.get(use.pin);
    if (earlier) clashes.push({ ...use, firstUse: earlier });
    else firstUse.set(use.pin, use.path);
  }
  return clashes;
}

function pathItem(key: string): v.ObjectPathItem {
  return { type: "object", origin: "value", input: {}, key, value: undefined };
}
