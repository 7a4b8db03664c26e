import type { FaultSource, HardwareFault } from "../src/station/hardware-ports.ts";

/** A fault as its source reports it; the set adds where (connectorId) and who (source). */
export type FaultReport = Omit<HardwareFault, "connectorId" | "source">;

/** Every connector and the station while the I/O board is away. */
export const boardLost: FaultReport = { errorCode: "InternalError", severity: "fault", info: "I/O board not connected" };

export type FaultChange = { previous: HardwareFault | undefined; fault: HardwareFault | undefined };

/** The faults of one connector (or of the station, connectorId 0): at most one per source. */
export class FaultSet {
  private readonly bySource = new Map<FaultSource, HardwareFault>();

  constructor(private readonly connectorId: number) {}

  get list(): HardwareFault[] {
    return [...this.bySource.values()];
  }

  /** True while any fault (not a warning) stands: no energy may flow. */
  get isBlocking(): boolean {
    return this.list.some((fault) => fault.severity === "fault");
  }

  /** Raises, replaces or (null) clears what `source` reports; null when nothing changed. */
  set(source: FaultSource, report: FaultReport | null): FaultChange | null {
    const previous = this.bySource.get(source);
    if (isSame(previous, report)) return null;
    const fault = report ? { connectorId: this.connectorId, source, ...report } : undefined;
    if (fault) this.bySource.set(source, fault);
    else this.bySource.delete(source);
    return { previous, fault };
  }
}

function isSame(fault: HardwareFault | undefined, report: FaultReport | null): boolean {
  if (!fault || !report) return !fault && !report;
  return fault.errorCode === report.errorCode && fault.severity === report.severity && fault.info === report.info;
}
