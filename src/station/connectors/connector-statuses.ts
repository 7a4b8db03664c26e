import type { Configuration } from "../configuration/configuration.ts";
import type { HardwareFault, StationHardware } from "../hardware-ports.ts";
import type { CentralSystem, Clock, Log, StorageHealth } from "../ports.ts";
import type { Registration } from "../registration.ts";
import type { ConnectorAvailability } from "./availability.ts";
import { type ConnectorError, type ConnectorFault, type ConnectorSituation, ConnectorStatus, StationStatus, type StatusReport } from "./connector-status.ts";
import { StatusReporter } from "./status-reporter.ts";

type Options = {
  hardware: StationHardware;
  availability: ConnectorAvailability;
  csms: CentralSystem;
  registration: Registration;
  configuration: Configuration;
  clock: Clock;
  log: Log;
  storage: StorageHealth;
  /** A profile holds the connector for someone (a reservation): Reserved while it is free. */
  isReserved(connectorId: number): boolean;
};

/**
 * The OCPP status of the station (0) and each connector, fed by availability, hardware faults and
 * the sessions; reported by StatusNotification and shown on each connector's LED.
 */
export class ConnectorStatuses {
  private readonly station: StationStatus;
  private readonly connectors = new Map<number, ConnectorStatus>();
  private readonly reporter: StatusReporter;
  private readonly unsubscribers: (() => void)[] = [];
  private readonly listeners = new Set<(connectorId: number, report: StatusReport) => void>();

  constructor(private readonly options: Options) {
    const { hardware, availability, configuration, log } = options;
    this.station = new StationStatus({ availability: availability.effective(0), ...this.stationProblems() });
    this.station.onChanged((report) => this.tell(0, report));
    for (const hw of hardware.connectors) {
      const status = new ConnectorStatus(
        hw.connectorId,
        { availability: availability.effective(hw.connectorId), isReserved: options.isReserved(hw.connectorId), isEvPlugged: false, session: { kind: "idle" }, ...this.connectorProblems(hw.connectorId) },
        log,
      );
      const light = () => ({ lightIntensityPct: configuration.integer("LightIntensity"), blinkRepeat: configuration.integer("BlinkRepeat") });
      status.onChanged((report) => hw.showStatus(report.status, light()));
      status.onChanged((report) => this.tell(hw.connectorId, report));
      hw.showStatus(status.current.status, light());
      this.connectors.set(hw.connectorId, status);
    }
    this.reporter = new StatusReporter({
      sources: [this.station, ...this.connectors.values()],
      csms: options.csms,
      registration: options.registration,
      configuration,
      clock: options.clock,
      log,
      vendorId: "CASTPRO",
      whenSettled: (listener) => hardware.whenSettled(listener),
    });
    this.unsubscribers.push(availability.onChanged(({ connectorId }) => this.availabilityChanged(connectorId)));
    for (const hw of hardware.connectors) {
      this.unsubscribers.push(hw.on("faultDetected", () => this.faultsChanged()), hw.on("faultCleared", () => this.faultsChanged()));
    }
    this.unsubscribers.push(hardware.on("faultDetected", () => this.faultsChanged()), hardware.on("faultCleared", () => this.faultsChanged()));
    this.unsubscribers.push(options.storage.onChanged(() => this.faultsChanged()));
  }

  /**
   * Once the hardware has read its inputs (or start-up stopped waiting for the board): until then the
   * statuses tell a board still connecting (Faulted), not the station's situation.
   */
  whenSettled(listener: () => void): () => void {
    return this.options.hardware.whenSettled(listener);
  }

  /** Each time an Accepted registration has had every status sent (StatusReporter.onAllReported). */
  onAllReported(listener: () => void): () => void {
    return this.reporter.onAllReported(listener);
  }

  /** The sessions' part of a connector's situation; plug state and session go in one update. */
  update(connectorId: number, change: Pick<ConnectorSituation, "isEvPlugged" | "session">): void {
    this.connectors.get(connectorId)?.update(change);
  }

  /** A claim was made, cancelled or expired. */
  claimsChanged(): void {
    for (const [id, status] of this.connectors) status.update({ isReserved: this.options.isReserved(id) });
  }

  /** What the station (0) or a connector reports now, for diag. */
  current(connectorId: number): StatusReport | undefined {
    return connectorId === 0 ? this.station.current : this.connectors.get(connectorId)?.current;
  }

  /** Every status the station (0) or a connector passes, in order, for the profiles (a reservation ends on Faulted). */
  onChanged(listener: (connectorId: number, report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** StatusNotification of the station (0) or a connector now, whatever was reported before (TriggerMessage, §15). */
  reportNow(connectorId: number): boolean {
    return this.reporter.reportNow(connectorId);
  }

  /** A fault that stops energy on the connector or the whole station (TC_041: nothing may start). */
  isBlocked(connectorId: number): boolean {
    return this.connectorProblems(connectorId).fault !== undefined || !this.options.hardware.isBoardConnected;
  }

  stop(): void {
    this.reporter.stop();
    for (const unsubscribe of this.unsubscribers.splice(0)) unsubscribe();
  }

  private tell(connectorId: number, report: StatusReport): void {
    for (const listener of this.listeners) listener(connectorId, report);
  }

  private availabilityChanged(connectorId: number): void {
    const { availability } = this.options;
    if (connectorId === 0) this.station.update({ availability: availability.effective(0) });
    for (const [id, status] of this.connectors) if (connectorId === 0 || id === connectorId) status.update({ availability: availability.effective(id) });
  }

  private faultsChanged(): void {
    this.station.update(this.stationProblems());
    for (const [id, status] of this.connectors) status.update(this.connectorProblems(id));
  }

  /** The station's own problems: its hardware's, and a full storage (new transactions refused, running ones go on). */
  private stationProblems(): { fault: ConnectorFault | undefined; warning: ConnectorError | undefined } {
    const hardware = problemsOf(this.options.hardware.faults);
    if (hardware.fault || !this.options.storage.isFull) return hardware;
    return { ...hardware, fault: { errorCode: "OtherError", info: "storage full: new transactions refused" } };
  }

  /** A station-wide fault belongs to every connector too (RS-SetChargePointFaulted). */
  private connectorProblems(connectorId: number): { fault: ConnectorFault | undefined; warning: ConnectorError | undefined } {
    const hw = this.options.hardware.connectors.find((c) => c.connectorId === connectorId);
    const own = problemsOf(hw?.faults ?? []);
    const station = problemsOf(this.options.hardware.faults);
    return { fault: own.fault ?? station.fault, warning: own.warning ?? station.warning };
  }
}

function problemsOf(faults: readonly HardwareFault[]): { fault: ConnectorFault | undefined; warning: ConnectorError | undefined } {
  const toError = (f: HardwareFault) => ({ errorCode: f.errorCode, ...(f.info ? { info: f.info } : {}) });
  const blocking = faults.find((f) => f.severity === "fault" && f.errorCode !== "NoError" && f.errorCode !== "EVCommunicationError");
  const warning = faults.find((f) => f.severity === "warning" && f.errorCode !== "NoError");
  return {
    fault: blocking ? (toError(blocking) as ConnectorFault) : undefined,
    warning: warning ? (toError(warning) as ConnectorError) : undefined,
  };
}
