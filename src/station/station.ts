import type { Configuration } from "./configuration/configuration.ts";
import { Heartbeat } from "./heartbeat.ts";
import type { AdjustableClock, CentralSystem, Log } from "./ports.ts";
import { Registration } from "./registration.ts";
import { withSendTracking } from "./sent-tracker.ts";

/** What the station tells the Central System about itself in BootNotification (issue: identity and boot). */
export type StationIdentity = {
  firmwareVersion: string;
  chargePointSerialNumber?: string;
  meterType?: string;
  meterSerialNumber?: string;
  iccid?: string;
  imsi?: string;
};

export type StationContext = {
  clock: AdjustableClock;
  csms: CentralSystem;
  configuration: Configuration;
  log: Log;
};

export const chargePointVendor = "CASTPRO";
export const chargePointModel = "CSC-22B7";

/** The station's behaviour towards the Central System, built from ports only. */
export class Station {
  readonly registration: Registration;
  private readonly heartbeat: Heartbeat;

  constructor(context: StationContext, identity: StationIdentity) {
    const csms = withSendTracking(context.csms, context.clock);
    const { clock, configuration, log } = context;
    this.registration = new Registration({ identity: { chargePointVendor, chargePointModel, ...identity }, csms, clock, configuration, log });
    this.heartbeat = new Heartbeat({ csms, lastSentAt: csms.lastSentAt, clock, configuration, log, isAccepted: () => this.registration.status === "Accepted" });
    this.registration.onAccepted(() => this.heartbeat.schedule());
  }

  start(): void {
    this.registration.start();
  }

  stop(): void {
    this.registration.stop();
    this.heartbeat.stop();
  }
}
