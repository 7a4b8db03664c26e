import type { ChargePointStatus } from "../../src/messages/status-notification.ts";
import type {
  ConnectorHardware,
  ConnectorHardwareEvents,
  ContactorResult,
  HardwareFault,
  PilotState,
  StationHardware,
  StationHardwareEvents,
} from "../../src/station/hardware-ports.ts";

type Listener = (payload: never) => void;

class Emitter<Events> {
  private readonly listeners = new Map<keyof Events, Set<Listener>>();

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    set.add(listener as Listener);
    this.listeners.set(event, set);
    return () => set.delete(listener as Listener);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: Events[E]) => void)(payload);
  }
}

/** A connector in memory: the test moves the pilot and the meter; commands are recorded. */
export class FakeConnectorHardware implements ConnectorHardware {
  readonly maxCurrentA = 32;
  readonly phases = 3;
  pilotState: PilotState | null = "A";
  isContactorClosed = false;
  offeredA: number | null = null;
  faults: HardwareFault[] = [];
  energyWh = 0;
  powerW = 0;
  shown: ChargePointStatus[] = [];
  /** How often a refused card was shown on this connector. */
  refusedCards = 0;
  private readonly events = new Emitter<ConnectorHardwareEvents>();

  constructor(readonly connectorId: number) {}

  closeContactor(): ContactorResult {
    if (this.faults.some((f) => f.severity === "fault")) return { ok: false, reason: "Faulted" };
    if (this.pilotState !== "C" && this.pilotState !== "D") return { ok: false, reason: "EvNotRequesting" };
    this.isContactorClosed = true;
    return { ok: true };
  }

  openContactor(): void {
    this.isContactorClosed = false;
  }

  offerCurrent(limitA: number | null): void {
    this.offeredA = limitA === null || limitA < 6 ? null : Math.min(limitA, this.maxCurrentA);
  }

  showStatus(status: ChargePointStatus): void {
    if (this.shown.at(-1) !== status) this.shown.push(status);
  }

  showCardRefused(): void {
    this.refusedCards++;
  }

  readMeter() {
    return { energyWh: this.energyWh, powerW: this.powerW };
  }

  on<E extends keyof ConnectorHardwareEvents>(event: E, listener: (payload: ConnectorHardwareEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** The EV side: A unplugged, B plugged, C asking for energy. */
  setPilot(state: PilotState): void {
    const previous = this.pilotState;
    this.pilotState = state;
    if (state !== "C" && state !== "D") this.isContactorClosed = false;
    this.events.emit("pilotChanged", { connectorId: this.connectorId, state, previous });
  }

  fault(fault: Omit<HardwareFault, "connectorId">): void {
    const full = { ...fault, connectorId: this.connectorId };
    this.faults.push(full);
    if (fault.severity === "fault") this.isContactorClosed = false;
    this.events.emit("faultDetected", full);
  }

  clearFaults(): void {
    for (const fault of this.faults.splice(0)) this.events.emit("faultCleared", fault);
  }
}

/** Two fake connectors, a reader and station faults. */
export class FakeStationHardware implements StationHardware {
  readonly board = "virtual" as const;
  readonly isBoardConnected = true;
  readonly connectors: FakeConnectorHardware[] = [new FakeConnectorHardware(1), new FakeConnectorHardware(2)];
  faults: HardwareFault[] = [];
  isSafe = false;
  private readonly events = new Emitter<StationHardwareEvents>();

  on<E extends keyof StationHardwareEvents>(event: E, listener: (payload: StationHardwareEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /** The fake's pilots are read from the start. */
  whenSettled(listener: () => void): () => void {
    listener();
    return () => {};
  }

  swipe(idTag: string): void {
    this.events.emit("cardPresented", { idTag });
  }

  stationFault(fault: Omit<HardwareFault, "connectorId">): void {
    const full = { ...fault, connectorId: 0 };
    this.faults.push(full);
    this.events.emit("faultDetected", full);
  }

  makeSafe(): void {
    this.isSafe = true;
    for (const connector of this.connectors) {
      connector.openContactor();
      connector.offerCurrent(null);
    }
  }

  async close(): Promise<void> {
    this.makeSafe();
  }

  connector(id: number): FakeConnectorHardware {
    return this.connectors[id - 1]!;
  }
}
