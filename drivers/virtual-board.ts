import type { Board } from "johnny-five";
import type { HardwareConfig } from "../src/config/hardware.ts";
import type { ChargePointErrorCode } from "../src/messages/status-notification.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import type { MeterPersistence } from "../src/station/hardware-ports.ts";
import { openBoard, type BoardLink } from "./board-link.ts";
import type { FaultReport } from "./fault-set.ts";
import { Station } from "./station-hardware.ts";
import { type I2cReplyTiming, VirtualIO } from "./virtual-io.ts";
import { VirtualWorld } from "./virtual-world.ts";

export type VirtualHardwareDeps = { clock: Clock; log: Log; dataDir: string; persistence: MeterPersistence; i2cReplies?: I2cReplyTiming };

/** The virtual board never goes away: connected once the IO plugin is ready, until closed, and the world goes with it. */
class VirtualBoardLink implements BoardLink {
  readonly kind = "virtual";
  board: Board | null = null;
  private readonly connectedListeners = new Set<(board: Board) => void>();
  private isClosed = false;

  constructor(
    private readonly io: VirtualIO,
    private readonly world: VirtualWorld,
  ) {}

  /** Resolves once the board is ready and every `onConnected` listener has it. */
  async start(log: Log): Promise<void> {
    const board = await openBoard(this.io, log);
    if (this.isClosed) return;
    this.board = board;
    for (const listener of [...this.connectedListeners]) listener(board);
  }

  onConnected(listener: (board: Board) => void): void {
    this.connectedListeners.add(listener);
  }

  onDisconnected(): void {}

  async close(): Promise<void> {
    this.isClosed = true;
    this.board = null;
    this.world.close();
    this.io.close();
  }
}

/**
 * The station's drivers on the virtual IO plugin, with the simulated world around them. The world comes
 * first, so the inputs (pilot levels, emergency stop) already hold their values when the drivers start
 * (`station.started`: the board is ready a moment later, as a Firmata board is).
 */
export function createVirtualHardware(config: HardwareConfig, deps: VirtualHardwareDeps): { station: Station; world: VirtualWorld; io: VirtualIO } {
  const { clock, log } = deps;
  const io = new VirtualIO(clock, undefined, deps.i2cReplies);
  const world = new VirtualWorld({ io, config, clock, log, dataDir: deps.dataDir });
  const link = new VirtualBoardLink(io, world);
  const station = new Station({
    config, link, linkStarted: link.start(log), clock, log, persistence: deps.persistence, simulation: world, readerWatch: world.readerWatch,
  });
  const applyFault = (connectorId: number, errorCode: ChargePointErrorCode | null) => {
    const report = errorCode && simulatedFault(errorCode);
    if (connectorId === 0) station.setFault("simulated", report);
    else station.connectors.find((connector) => connector.connectorId === connectorId)?.setFault("simulated", report);
  };
  for (const connectorId of [0, 1, 2]) applyFault(connectorId, world.faultOf(connectorId));
  world.onFaultChanged(applyFault);
  return { station, world, io };
}

/** C§4.9: EVCommunicationError is a warning; every other code makes the connector Faulted. */
function simulatedFault(errorCode: ChargePointErrorCode): FaultReport {
  return { errorCode, severity: errorCode === "EVCommunicationError" ? "warning" : "fault", info: "simulated" };
}
