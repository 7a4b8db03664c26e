import * as v from "valibot";

/** The built-in simulated board: relays, LEDs, pilot, meters, reader and EVs in software. */
export const VirtualBoardConfig = v.strictObject({
  board: v.literal("virtual"),
});

/** A real Firmata board on a serial port. */
export const FirmataBoardConfig = v.strictObject({
  board: v.literal("firmata"),
  port: v.pipe(v.string(), v.startsWith("/dev/", "must be a device path such as /dev/ttyACM0")),
  baudRate: v.optional(v.picklist([57600, 115200], "must be 57600 or 115200"), 57600),
});

export const HardwareConfig = v.variant(
  "board",
  [VirtualBoardConfig, FirmataBoardConfig],
  (issue) => `unknown board ${JSON.stringify(issue.input)}: must be "virtual" or "firmata"`,
);
export type HardwareConfig = v.InferOutput<typeof HardwareConfig>;
