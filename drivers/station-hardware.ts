import type { Board } from "johnny-five";
import type { HardwareConfig, ReaderConfig } from "../src/config/hardware.ts";
import { errorText } from "../src/log/logger.ts";
import { Listeners } from "../src/station/listeners.ts";
import type { FaultSource, HardwareFault, MeterPersistence, StationHardware, StationHardwareEvents } from "../src/station/hardware-ports.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import type { BoardLink } from "./board-link.ts";
import type { Simulation } from "./sim-action.ts";
import { Connector, type ConnectorDiagnostics } from "./connector.ts";
import { pilotSampling } from "./control-pilot.ts";
import { watchEmergencyStop } from "./emergency-stop.ts";
import { boardLost, FaultSet, type FaultReport } from "./fault-set.ts";
import { createCardReader, type CardReader, type CardReaderWatch } from "./rfid-reader.ts";
import type { SelfTestItem, SelfTestResult } from "./self-test.ts";

export type StationSetup = {
  config: HardwareConfig;
  link: BoardLink;
  /** Settles once the link has its board, or start-up stopped waiting for it (the link goes on trying). */
  linkStarted: Promise<void>;
  clock: Clock;
  log: Log;
  persistence: MeterPersistence;
  /** The virtual world's controls; null on a real board. */
  simulation: Simulation | null;
  /** Told what the card reader makes of its field, after the station (the simulated swipes wait for it). */
  readerWatch?: CardReaderWatch | null;
};

/** What `diag` shows of the hardware beyond the station's port. */
export type HardwareDiagnostics = {
  board: "virtual" | "firmata";
  isBoardConnected: boolean;
  reader: ReaderConfig["type"];
  faults: readonly HardwareFault[];
  connectors: ConnectorDiagnostics[];
};

/** How long start-up waits for the pilots' first readings once the board is there, so the first statuses know a plugged EV. */
const pilotReadingWaitMs = 2_000;

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
  private isSettled = false;
  private readonly settled: Promise<void>;
  /** The sampling interval the board has now; null: not set on this board yet. */
  private samplingMs: number | null = null;

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
          phases: config.phases,
          persistence,
          clock,
          log,
          isStationBlocked: () => this.faultSet.isBlocking,
          samplingChanged: () => this.applySampling(),
        }),
    );
    this.faultSet.set("board", boardLost);
    link.onConnected((board) => this.attach(board));
    link.onDisconnected((reason) => this.detach(reason));
    if (link.board) this.attach(link.board);
    this.settled = setup.linkStarted.then(() => this.firstPilotReadings(pilotReadingWaitMs)).then(() => {
      this.isSettled = true;
    });
  }

  /** Settles once the board is there (or start-up stopped waiting for it). */
  get started(): Promise<void> {
    return this.setup.linkStarted;
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

  diagnostics(): HardwareDiagnostics {
    return {
      board: this.board,
      isBoardConnected: this.isBoardConnected,
      reader: this.setup.config.reader.type,
      faults: this.faults,
      connectors: this.connectors.map((c) => c.diagnostics()),
    };
  }

  /** Connector 0: the board, the card reader and the emergency stop; others: that connector's parts. */
  async selfTest(connectorId: number): Promise<SelfTestItem[]> {
    if (connectorId !== 0) return (await this.connectors.find((c) => c.connectorId === connectorId)?.selfTest()) ?? [];
    const item = (name: string, [result, detail]: [SelfTestResult, string]): SelfTestItem => ({ connectorId: 0, item: name, result, detail });
    const faultFrom = (source: FaultSource) => this.faults.find((fault) => fault.source === source);
    const { reader, emergencyStopPin } = this.setup.config;
    const readerResult: [SelfTestResult, string] =
      reader.type === "none" ? ["skipped", "no card reader configured"]
      : faultFrom("reader") ? ["fail", `the ${reader.type} reader does not answer`]
      : ["pass", `the ${reader.type} reader answers; check a card with "csc22b7 diag rfid"`];
    const stopResult: [SelfTestResult, string] =
      emergencyStopPin === undefined ? ["skipped", "none configured"] : faultFrom("emergencyStop") ? ["fail", "pressed, or its wire is broken"] : ["pass", "released"];
    return [
      item("board", this.isBoardConnected ? ["pass", `${this.board} I/O board connected`] : ["fail", "the I/O board is not connected"]),
      item("reader", readerResult),
      item("emergency stop", stopResult),
    ];
  }

  /**
   * Resolves once every connector's pilot has its first confirmed state, or after `timeoutMs`: start-up
   * waits so that the first StatusNotifications already know an EV plugged in across a reset (TC_015).
   */
  firstPilotReadings(timeoutMs: number): Promise<void> {
    const isRead = () => this.connectors.every((connector) => connector.pilotState !== null);
    if (isRead() || !this.isBoardConnected) return Promise.resolve();
    return new Promise((resolve) => {
      const unsubscribers: (() => void)[] = [];
      const done = () => {
        cancelTimeout();
        for (const unsubscribe of unsubscribers.splice(0)) unsubscribe();
        resolve();
      };
      const cancelTimeout = this.setup.clock.after(timeoutMs, done);
      for (const connector of this.connectors) unsubscribers.push(connector.on("pilotChanged", () => isRead() && done()));
    });
  }

  whenSettled(listener: () => void): () => void {
    if (this.isSettled) {
      listener();
      return () => {};
    }
    let isWanted = true;
    void this.settled.then(() => isWanted && listener());
    return () => (isWanted = false);
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
        this.setup.readerWatch?.cardPresented(idTag);
      },
      onCardLeft: () => this.setup.readerWatch?.cardLeft(),
      onHealthChanged: (isHealthy) => this.setFault("reader", isHealthy ? null : readerFailure),
      // The virtual PN532 answers as it is written: a poll then wakes the station once (issue 18).
      isPn532Instant: this.board === "virtual",
    });
    if (config.emergencyStopPin !== undefined) {
      this.stopEmergencyStop = watchEmergencyStop(board, { pin: config.emergencyStopPin, clock }, (isPressed) => {
        if (isPressed) log.warn("emergency stop pressed");
        this.setFault("emergencyStop", isPressed ? emergencyStop : null);
      });
    }
    this.samplingMs = null;
    for (const connector of this.connectors) connector.attach(board);
    this.applySampling();
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

  /** The board reports the pilots as fast as the neediest one asks (control-pilot.ts, `pilotSampling`). */
  private applySampling(): void {
    const board = this.setup.link.board;
    if (!board || this.isClosed) return;
    const ms = Math.min(pilotSampling.idleMs, ...this.connectors.map((connector) => connector.samplingMs ?? pilotSampling.idleMs));
    if (ms === this.samplingMs) return;
    this.samplingMs = ms;
    board.io.setSamplingInterval(ms);
  }

  private releaseDrivers(): void {
    this.reader?.dispose();
    this.reader = null;
    this.stopEmergencyStop?.();
    this.stopEmergencyStop = null;
  }
}
