import type { Board } from "johnny-five";
import type { HardwareConfig } from "../src/config/hardware.ts";
import type { ChargePointErrorCode } from "../src/messages/status-notification.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import type { MeterPersistence } from "../src/station/hardware-ports.ts";
import { openBoard, type BoardLink } from "./board-link.ts";
import type { FaultReport } from "./fault-set.ts";
import { Station } from "./station-hardware.ts";
import { VirtualIO } from "./virtual-io.ts";
import { VirtualWorld } from "./virtual-world.ts";

export type VirtualHardwareDeps = { clock: Clock; log: Log; dataDir: string; persistence: MeterPersistence };

/** The virtual board never goes away: connected from the start until closed, and the world goes with it. */
class VirtualBoardLink implements BoardLink {
  readonly kind = "virtual";

  constructor(
    public board: Board | null,
    private readonly io: VirtualIO,
    private readonly world: VirtualWorld,
  ) {}

  onConnected(): void {}

  onDisconnected(): void {}

  async close(): Promise<void> {
    this.board = null;
    this.world.close();
    this.io.close();
  }
}

/**
 * The station's drivers on the virtual IO plugin, with the simulated world around them. The world comes
 * first, so the inputs (pilot levels, emergency stop) already hold their values when the drivers start.
 */
export async function createVirtualHardware(config: HardwareConfig, deps: VirtualHardwareDeps): Promise<{ station: Station; world: VirtualWorld; io: VirtualIO }> {
  const { clock, log } = deps;
  const io = new VirtualIO(clock);
  const world = new VirtualWorld({ io, config, clock, log, dataDir: deps.dataDir });
  const board = await openBoard(io, log);
  const station = new Station({
    config, link: new VirtualBoardLink(board, io, world), clock, log, persistence: deps.persistence, simulation: world, readerWatch: world.readerWatch,
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
