import type { HardwareConfig } from "../src/config/hardware.ts";
import { errorText } from "../src/log/logger.ts";
import type { ChargePointErrorCode } from "../src/messages/status-notification.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import { CardSwiper } from "./card-swiper.ts";
import type { CardReaderWatch } from "./rfid-reader.ts";
import type { SimAction, SimResult } from "./sim-action.ts";
import { VirtualPn532, VirtualUartReader, type VirtualCardReader } from "./virtual-card-readers.ts";
import { VirtualConnector, type ContactorDefect } from "./virtual-connector.ts";
import { SERIAL_PORT_IDs, type VirtualIO } from "./virtual-io.ts";
import { emptyWorldConnector, WorldStateFile, type WorldState } from "./world-state-file.ts";

export type VirtualWorldSetup = {
  io: VirtualIO;
  config: HardwareConfig;
  clock: Clock;
  log: Log;
  dataDir: string;
  /** How long a swiped card stays on the reader once read. */
  swipeHoldMs?: number;
  /** Meter registers are written at most this often; every action is written at once. */
  saveIntervalMs?: number;
};

export type SimulatedFaultListener = (connectorId: number, errorCode: ChargePointErrorCode | null) => void;

/**
 * Everything outside the station, wired to the virtual board's pins: an EV and a contactor per connector,
 * the S0 meters, the card reader and the station's own faults. Its state survives a restart in dataDir.
 */
export class VirtualWorld {
  readonly pn532: VirtualPn532 | null;
  private readonly swiper: CardSwiper | null;
  private readonly file: WorldStateFile;
  private readonly connectors = new Map<number, VirtualConnector>();
  private readonly faults = new Map<number, ChargePointErrorCode>();
  private readonly faultListeners = new Set<SimulatedFaultListener>();
  private readonly queued: { action: SimAction; done(result: SimResult): void }[] = [];
  private isApplying = false;
  private isClosed = false;
  private cancelSave: (() => void) | null = null;
  private lastSaved = "";

  constructor(private readonly setup: VirtualWorldSetup) {
    const { io, config, clock } = setup;
    this.file = new WorldStateFile(setup.dataDir, setup.log);
    const saved = this.file.load();
    for (const id of ["1", "2"] as const) {
      const { fault, ...state } = saved.connectors[id] ?? emptyWorldConnector;
      const { mainsVoltageV, phases, impulsesPerKWh } = config;
      this.connectors.set(Number(id), new VirtualConnector({ io, config: config.connectors[id], mainsVoltageV, phases, impulsesPerKWh, clock, state }));
      if (fault) this.faults.set(Number(id), fault);
    }
    if (saved.stationFault) this.faults.set(0, saved.stationFault);
    const { reader } = config;
    this.pn532 = reader.type === "pn532" ? new VirtualPn532(reader.irqPin === undefined ? undefined : { io, pin: reader.irqPin }) : null;
    if (this.pn532 && reader.type === "pn532") io.attachI2cDevice(reader.i2cAddress, this.pn532);
    const cardReader: VirtualCardReader | null = config.reader.type === "uart" ? new VirtualUartReader(io, SERIAL_PORT_IDs[config.reader.serialPort], clock) : this.pn532;
    this.swiper = cardReader && new CardSwiper({ reader: cardReader, clock, holdMs: setup.swipeHoldMs });
    if (config.emergencyStopPin !== undefined) io.setDigitalInput(config.emergencyStopPin, 1);
    this.lastSaved = JSON.stringify(this.state());
    this.scheduleSave();
  }

  /** What the swipes must hear from the station's card reader; null without a reader. */
  get readerWatch(): CardReaderWatch | null {
    return this.swiper;
  }

  connector(connectorId: number): VirtualConnector {
    const connector = this.connectors.get(connectorId);
    if (!connector) throw new RangeError(`the virtual world has no connector ${connectorId}`);
    return connector;
  }

  /** A station-side fault put on with `sim fault` (connector 0 = the station); null when there is none. */
  faultOf(connectorId: number): ChargePointErrorCode | null {
    return this.faults.get(connectorId) ?? null;
  }

  onFaultChanged(listener: SimulatedFaultListener): () => void {
    this.faultListeners.add(listener);
    return () => this.faultListeners.delete(listener);
  }

  /** For tests: a contactor that does not follow its coil. */
  setContactorDefect(connectorId: number, defect: ContactorDefect | null): void {
    this.connector(connectorId).change({ contactorDefect: defect });
    this.save();
  }

  /** For tests: the emergency-stop button (normally closed, so pressed reads low). */
  setEmergencyStop(isPressed: boolean): void {
    const pin = this.setup.config.emergencyStopPin;
    if (pin === undefined) throw new Error("no emergency stop configured (hardware.emergencyStopPin)");
    this.setup.io.setDigitalInput(pin, isPressed ? 0 : 1);
  }

  /**
   * Actions take effect one at a time in the order given (LAB-INTERFACE); one given while none is under
   * way takes effect at once. A swipe is done when the station's reader has read the card.
   */
  apply(action: SimAction): Promise<SimResult> {
    return new Promise((resolve) => {
      this.queued.push({ action, done: resolve });
      if (!this.isApplying) this.applyNext();
    });
  }

  close(): void {
    this.isClosed = true;
    this.cancelSave?.();
    this.swiper?.close();
    for (const connector of this.connectors.values()) connector.close();
    this.save();
  }

  private applyNext(): void {
    const next = this.queued.shift();
    if (!next) return;
    if (this.isClosed) {
      next.done({ ok: false, reason: "the station is stopping" });
      return this.applyNext();
    }
    this.isApplying = true;
    const finish = (result: SimResult) => {
      if (result.ok) {
        this.setup.log.info("simulation", { action: next.action.action, result: result.message });
        this.save();
      }
      this.isApplying = false;
      next.done(result);
      this.applyNext();
    };
    if (next.action.action === "swipe") this.swipe(next.action.idTag, finish);
    else finish(this.applyToConnector(next.action));
  }

  private applyToConnector(action: Exclude<SimAction, { action: "swipe" }>): SimResult {
    const isStationAllowed = action.action === "fault" || action.action === "clear-fault";
    const id = action.connectorId;
    if (!(this.connectors.has(id) || (isStationAllowed && id === 0))) {
      return { ok: false, reason: `connector ${id} does not exist: use ${isStationAllowed ? "0 (the whole station), 1 or 2" : "1 or 2"}` };
    }
    if (action.action === "fault") return this.raiseFault(id, action.errorCode);
    if (action.action === "clear-fault") return this.clearFault(id);
    const connector = this.connector(id);
    const { isPlugged, isSuspended } = connector.snapshot;
    switch (action.action) {
      case "plug":
        if (isPlugged) return { ok: false, reason: `an EV is already plugged in on connector ${id}` };
        connector.change({ isPlugged: true, isSuspended: false });
        return { ok: true, message: `EV plugged in on connector ${id}` };
      case "unplug":
        if (!isPlugged) return { ok: false, reason: `no EV is plugged in on connector ${id}` };
        connector.change({ isPlugged: false, isSuspended: false });
        return { ok: true, message: `EV unplugged from connector ${id}` };
      case "ev-suspend":
        if (!isPlugged) return { ok: false, reason: `no EV is plugged in on connector ${id}` };
        if (isSuspended) return { ok: false, reason: `the EV on connector ${id} is already suspended` };
        connector.change({ isSuspended: true });
        return { ok: true, message: `EV on connector ${id} stopped asking for energy` };
      case "ev-resume":
        if (!isSuspended) return { ok: false, reason: `the EV on connector ${id} is not suspended` };
        connector.change({ isSuspended: false });
        return { ok: true, message: `EV on connector ${id} asks for energy again` };
    }
  }

  /** An EVCommunicationError on a connector is the EV's: it pulls the pilot to state E. Anything else is the station's. */
  private raiseFault(connectorId: number, errorCode: ChargePointErrorCode): SimResult {
    if (connectorId !== 0 && errorCode === "EVCommunicationError") {
      this.connector(connectorId).change({ isEvFaulted: true });
    } else {
      this.faults.set(connectorId, errorCode);
      this.notifyFault(connectorId, errorCode);
    }
    return { ok: true, message: `${errorCode} on ${connectorId === 0 ? "the station" : `connector ${connectorId}`}` };
  }

  private clearFault(connectorId: number): SimResult {
    const connector = connectorId === 0 ? null : this.connector(connectorId);
    const hadEvFault = connector?.snapshot.isEvFaulted ?? false;
    const hadFault = this.faults.delete(connectorId);
    if (!hadEvFault && !hadFault) return { ok: false, reason: `${connectorId === 0 ? "the station" : `connector ${connectorId}`} has no fault` };
    if (hadEvFault) connector?.change({ isEvFaulted: false });
    if (hadFault) this.notifyFault(connectorId, null);
    return { ok: true, message: `fault cleared on ${connectorId === 0 ? "the station" : `connector ${connectorId}`}` };
  }

  private swipe(idTag: string, done: (result: SimResult) => void): void {
    const reader = this.setup.config.reader;
    if (!this.swiper) return done({ ok: false, reason: "the station has no card reader (hardware.reader.type is \"none\")" });
    const isValid = reader.type === "pn532" ? /^(?:[0-9A-Fa-f]{8}|[0-9A-Fa-f]{14}|[0-9A-Fa-f]{20})$/.test(idTag) : /^(?:[0-9A-Fa-f]{2}){4,10}$/.test(idTag);
    if (!isValid) {
      const sizes = reader.type === "pn532" ? "8, 14 or 20 hex digits (a 4, 7 or 10 byte card UID)" : "8 to 20 hex digits, an even number (a 4 to 10 byte card UID)";
      return done({ ok: false, reason: `idTag ${JSON.stringify(idTag)} cannot be on a card for this reader: it must be ${sizes}` });
    }
    this.swiper.start(idTag.toUpperCase(), done);
  }

  private notifyFault(connectorId: number, errorCode: ChargePointErrorCode | null): void {
    for (const listener of [...this.faultListeners]) listener(connectorId, errorCode);
  }

  private state(): WorldState {
    const connectors: WorldState["connectors"] = {};
    for (const [id, connector] of this.connectors) connectors[String(id)] = { ...connector.snapshot, fault: this.faultOf(id) };
    return { version: 1, connectors, stationFault: this.faultOf(0) };
  }

  private scheduleSave(): void {
    this.cancelSave = this.setup.clock.after(this.setup.saveIntervalMs ?? 5000, () => {
      this.save();
      this.scheduleSave();
    });
  }

  /** Writes only what changed; a failed write is logged and retried at the next save. */
  private save(): void {
    const state = this.state();
    const text = JSON.stringify(state);
    if (text === this.lastSaved) return;
    try {
      this.file.save(state);
      this.lastSaved = text;
    } catch (error) {
      this.setup.log.error("saving the virtual world failed", { error: errorText(error) });
    }
  }
}
