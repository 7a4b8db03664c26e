import type { Board } from "johnny-five";
import type { HardwareConfig } from "../src/config/hardware.ts";
import { errorText } from "../src/log/logger.ts";
import { Listeners } from "../src/station/listeners.ts";
import type { FaultSource, HardwareFault, MeterPersistence, StationHardware, StationHardwareEvents } from "../src/station/hardware-ports.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import type { BoardLink } from "./board-link.ts";
import type { Simulation } from "./sim-action.ts";
import { Connector } from "./connector.ts";
import { watchEmergencyStop } from "./emergency-stop.ts";
import { boardLost, FaultSet, type FaultReport } from "./fault-set.ts";
import { createCardReader, type CardReader } from "./rfid-reader.ts";

export type StationSetup = {
  config: HardwareConfig;
  link: BoardLink;
  clock: Clock;
  log: Log;
  persistence: MeterPersistence;
  /** The virtual world's controls; null on a real board. */
  simulation: Simulation | null;
};

const emergencyStop: FaultReport = { errorCode: "OtherError", severity: "fault", info: "emergency stop pressed" };
const readerFailure: FaultReport = { errorCode: "ReaderFailure", severity: "warning", info: "card reader does not answer" };

/**
 * The station's hardware port: the connectors, the card reader and the emergency stop on one board link.
 * Whenever the link drops, every connector is faulted and its contactor is gone with the board; the
 * drivers are built again when it comes back.
 */
export class Station implements StationHardware {
  readonly board: "virtual" | "firmata";
  readonly connectors: readonly Connector[];
  readonly simulation: Simulation | null;
  private readonly events: Listeners<StationHardwareEvents>;
  private readonly faultSet = new FaultSet(0);
  private reader: CardReader | null = null;
  private stopEmergencyStop: (() => void) | null = null;
  private isClosed = false;

  constructor(private readonly setup: StationSetup) {
    const { config, link, clock, log, persistence } = setup;
    this.board = link.kind;
    this.simulation = setup.simulation;
    this.events = new Listeners((event, error) => log.error("hardware event listener failed", { event, error: errorText(error) }));
    this.connectors = (["1", "2"] as const).map(
      (id) =>
        new Connector({
          connectorId: Number(id),
          config: config.connectors[id],
          impulsesPerKWh: config.impulsesPerKWh,
          persistence,
          clock,
          log,
          isStationBlocked: () => this.faultSet.isBlocking,
        }),
    );
    this.faultSet.set("board", boardLost);
    link.onConnected((board) => this.attach(board));
    link.onDisconnected((reason) => this.detach(reason));
    if (link.board) this.attach(link.board);
  }

  get isBoardConnected(): boolean {
    return this.setup.link.board !== null && !this.isClosed;
  }

  get faults(): readonly HardwareFault[] {
    return this.faultSet.list;
  }

  on<E extends keyof StationHardwareEvents>(event: E, listener: (payload: StationHardwareEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  makeSafe(): void {
    for (const connector of this.connectors) connector.makeSafe();
  }

  async close(): Promise<void> {
    if (this.isClosed) return;
    this.makeSafe();
    this.isClosed = true;
    this.releaseDrivers();
    for (const connector of this.connectors) connector.detach(false);
    await this.setup.link.close();
  }

  /** A station-wide fault (source as for connectors; connectorId 0). A blocking one opens every contactor first. */
  setFault(source: FaultSource, report: FaultReport | null): void {
    const change = this.faultSet.set(source, report);
    if (change?.fault?.severity === "fault") for (const connector of this.connectors) connector.openContactor();
    if (change?.previous) this.events.emit("faultCleared", change.previous);
    if (change?.fault) this.events.emit("faultDetected", change.fault);
  }

  private attach(board: Board): void {
    if (this.isClosed) return;
    const { config, clock, log } = this.setup;
    this.reader = createCardReader(config.reader, {
      board,
      clock,
      log,
      onCardPresented: (idTag) => {
        log.info("card presented", { idTag });
        this.events.emit("cardPresented", { idTag });
      },
      onHealthChanged: (isHealthy) => this.setFault("reader", isHealthy ? null : readerFailure),
    });
    if (config.emergencyStopPin !== undefined) {
      this.stopEmergencyStop = watchEmergencyStop(board, { pin: config.emergencyStopPin, clock }, (isPressed) => {
        if (isPressed) log.warn("emergency stop pressed");
        this.setFault("emergencyStop", isPressed ? emergencyStop : null);
      });
    }
    for (const connector of this.connectors) connector.attach(board);
    this.setFault("board", null);
    log.info("I/O board connected", { board: this.board });
  }

  private detach(reason: string): void {
    if (this.isClosed) return;
    this.setup.log.error("I/O board link lost: every connector is faulted until it is back", { reason });
    this.releaseDrivers();
    for (const connector of this.connectors) connector.detach(true);
    this.setFault("board", { ...boardLost, info: `I/O board link lost: ${reason}`.slice(0, 50) });
  }

  private releaseDrivers(): void {
    this.reader?.dispose();
    this.reader = null;
    this.stopEmergencyStop?.();
    this.stopEmergencyStop = null;
  }
}
