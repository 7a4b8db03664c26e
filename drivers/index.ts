/** The hardware layer: createHardware builds the station's hardware port on the configured board. */
import type { HardwareConfig } from "../src/config/hardware.ts";
import type { MeterPersistence, StationHardware } from "../src/station/hardware-ports.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import { FirmataBoardLink } from "./firmata-board.ts";
import type { SelfTestItem } from "./self-test.ts";
import type { Simulation } from "./sim-action.ts";
import { Station, type HardwareDiagnostics } from "./station-hardware.ts";
import { createVirtualHardware } from "./virtual-board.ts";
import type { I2cReplyTiming } from "./virtual-io.ts";

export { parseSimAction, type SimAction, type SimResult, type Simulation } from "./sim-action.ts";
export type { SelfTestItem, SelfTestResult } from "./self-test.ts";
export type { HardwareDiagnostics } from "./station-hardware.ts";
export type { ConnectorDiagnostics } from "./connector.ts";

/** `virtualI2cReplies`: when the virtual board answers I2C reads (VirtualIO); the station in real time takes "same turn". */
export type HardwareDeps = { clock: Clock; log: Log; dataDir: string; persistence: MeterPersistence; virtualI2cReplies?: I2cReplyTiming };

/** The station's port plus what only `diag` uses: a look at the parts and the self-test. */
export type Hardware = StationHardware & {
  readonly simulation: Simulation | null;
  diagnostics(): HardwareDiagnostics;
  selfTest(connectorId: number): Promise<SelfTestItem[]>;
  /** Every pilot's first reading, or `timeoutMs` without it. */
  firstPilotReadings(timeoutMs: number): Promise<void>;
  /** Settles once the board is connected, or start-up stopped waiting for it (the link goes on trying). */
  readonly started: Promise<void>;
};

/** How long start-up waits for a Firmata board before going on with every connector faulted. */
const firmataStartWaitMs = 10_000;

/**
 * The hardware port at once, while the board connects: start-up needs no board for the connection to the
 * Central System, only for the first statuses (`whenSettled`). `started` tells when the board is there.
 */
export function createHardware(config: HardwareConfig, deps: HardwareDeps): Hardware {
  if (config.board === "virtual") return createVirtualHardware(config, { ...deps, i2cReplies: deps.virtualI2cReplies }).station;
  const link = new FirmataBoardLink({ port: config.port, baudRate: config.baudRate, clock: deps.clock, log: deps.log });
  return new Station({ config, link, linkStarted: link.start(firmataStartWaitMs), clock: deps.clock, log: deps.log, persistence: deps.persistence, simulation: null });
}
