import type { ChargePointErrorCode, ChargePointStatus } from "../../messages/status-notification.ts";
import type { Availability, Log } from "../ports.ts";
import { route } from "./status-table.ts";

export type { ChargePointErrorCode, ChargePointStatus };
export { passThrough, route, transitions, type TransitionId } from "./status-table.ts";

/** A problem worth reporting (C§7.6 codes other than NoError) with the C§6.47 detail fields. */
export type ConnectorError = { errorCode: Exclude<ChargePointErrorCode, "NoError">; info?: string; vendorErrorCode?: string };

/** C§4.9: EVCommunicationError is never a reason for Faulted. */
export type ConnectorFault = ConnectorError & { errorCode: Exclude<ChargePointErrorCode, "NoError" | "EVCommunicationError"> };

/** What the connector is used for; the session and transaction logic owns this part. */
export type ConnectorSession =
  | { kind: "idle" }
  /** A tag accepted or a remote start waiting for the EV, or an EV plugged in waiting for a tag. */
  | { kind: "preparing" }
  | { kind: "transaction"; isEnergyOffered: boolean; isEvDrawing: boolean }
  /** The transaction ended, or no tag came within ConnectionTimeOut (B6); the user must still act. */
  | { kind: "finishing" };

/** Everything the status of one connector (> 0) follows from. */
export type ConnectorSituation = {
  /** The effective one: Inoperative also while the whole station is (ConnectorAvailability.effective). */
  availability: Availability;
  /** Prevents energy delivery: the connector is Faulted. A station-wide fault belongs here too. */
  fault?: ConnectorFault | undefined;
  /** Reported with an operative status; charging is still possible (C§4.9). */
  warning?: ConnectorError | undefined;
  isReserved: boolean;
  isEvPlugged: boolean;
  session: ConnectorSession;
};

/** Connector 0 (C§4.9, C§7.7): Available, Unavailable or Faulted, whatever the connectors do. */
export type StationSituation = { availability: Availability; fault?: ConnectorFault | undefined; warning?: ConnectorError | undefined };

/** The content of a StatusNotification apart from connector and time. */
export type StatusReport = { status: ChargePointStatus; errorCode: ChargePointErrorCode; info?: string; vendorErrorCode?: string };

/** A status whose changes can be reported; connector 0 and every connector each have one. */
export interface StatusSource {
  readonly connectorId: number;
  readonly current: StatusReport;
  /** Called once for every status passed, in order, intermediate ones included. */
  onChanged(listener: (report: StatusReport) => void): () => void;
}

/** §6.3, TC_005_3: the exact text the test tool looks for. */
export const evSideDisconnectedInfo = "EV side disconnected";

/** The status a situation calls for, before the table has its say. */
export function deriveStatus(situation: ConnectorSituation): ChargePointStatus {
  if (situation.fault) return "Faulted";
  if (situation.availability === "Inoperative") return "Unavailable";
  const { session } = situation;
  switch (session.kind) {
    case "idle":
      return situation.isReserved ? "Reserved" : "Available";
    case "preparing":
      return "Preparing";
    case "finishing":
      return "Finishing";
    case "transaction":
      // C§4.9: when both EVSE and EV suspend, SuspendedEVSE wins.
      if (!session.isEnergyOffered) return "SuspendedEVSE";
      // §6.3: an EV unplugged during a transaction that goes on is SuspendedEV.
      return session.isEvDrawing && situation.isEvPlugged ? "Charging" : "SuspendedEV";
  }
}

export function connectorReport(situation: ConnectorSituation): StatusReport {
  const { session } = situation;
  const isEvSideDisconnected = !situation.isEvPlugged && (session.kind === "transaction" || session.kind === "finishing");
  return withProblem(deriveStatus(situation), situation.fault ?? situation.warning, isEvSideDisconnected ? evSideDisconnectedInfo : undefined);
}

export function stationReport(situation: StationSituation): StatusReport {
  const status = situation.fault ? "Faulted" : situation.availability === "Inoperative" ? "Unavailable" : "Available";
  return withProblem(status, situation.fault ?? situation.warning, undefined);
}

export function isSameReport(a: StatusReport | undefined, b: StatusReport): boolean {
  return a !== undefined && a.status === b.status && a.errorCode === b.errorCode && a.info === b.info && a.vendorErrorCode === b.vendorErrorCode;
}

function withProblem(status: ChargePointStatus, problem: ConnectorError | undefined, defaultInfo: string | undefined): StatusReport {
  const info = problem?.info ?? defaultInfo;
  return {
    status,
    errorCode: problem?.errorCode ?? "NoError",
    ...(info === undefined ? {} : { info }),
    ...(problem?.vendorErrorCode === undefined ? {} : { vendorErrorCode: problem.vendorErrorCode }),
  };
}

abstract class ReportedStatus<Situation> implements StatusSource {
  private readonly listeners = new Set<(report: StatusReport) => void>();

  protected constructor(
    readonly connectorId: number,
    protected latest: Situation,
    protected report: StatusReport,
  ) {}

  get current(): StatusReport {
    return this.report;
  }

  get situation(): Situation {
    return this.latest;
  }

  onChanged(listener: (report: StatusReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  protected publish(report: StatusReport): void {
    this.report = report;
    for (const listener of this.listeners) listener(report);
  }
}

/**
 * The status of one connector (> 0): derived from its situation, moved only along the §6.2 table.
 * The status at start-up is derived directly; it is where the connector is, not a move.
 */
export class ConnectorStatus extends ReportedStatus<ConnectorSituation> {
  constructor(
    connectorId: number,
    initial: ConnectorSituation,
    private readonly log: Log,
  ) {
    super(connectorId, initial, connectorReport(initial));
  }

  /** Merges `change` into the situation; give related facts (plug and session) in one call. */
  update(change: Partial<ConnectorSituation>): void {
    this.latest = { ...this.latest, ...change };
    const target = connectorReport(this.latest);
    const from = this.report.status;
    const steps = route(from, target.status);
    if (steps === undefined) {
      // A situation the session logic should not produce: keep the last lawful status, loudly.
      this.log.error("status move not allowed by the C§4.9 table", { connectorId: this.connectorId, from, to: target.status, situation: this.latest });
      return;
    }
    if (steps.length === 0 && isSameReport(this.report, target)) return;
    for (const step of steps.slice(0, -1)) this.publish({ ...target, status: step });
    this.publish(target);
  }
}

/** Connector 0: the station itself, independent of the connectors' statuses (C§4.9). */
export class StationStatus extends ReportedStatus<StationSituation> {
  constructor(initial: StationSituation) {
    super(0, initial, stationReport(initial));
  }

  update(change: Partial<StationSituation>): void {
    this.latest = { ...this.latest, ...change };
    const target = stationReport(this.latest);
    if (!isSameReport(this.report, target)) this.publish(target);
  }
}
