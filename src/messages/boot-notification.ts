/** BootNotification: CP→CS, Core. */
import * as v from "valibot";
import { CiString20, CiString25, CiString50, DateTime, Integer, payload } from "./common.ts";

export const BootNotificationRequest = payload({
  chargePointVendor: CiString20,
  chargePointModel: CiString20,
  chargePointSerialNumber: v.optional(CiString25),
  /** Deprecated in 1.6; chargePointSerialNumber replaces it. */
  chargeBoxSerialNumber: v.optional(CiString25),
  firmwareVersion: v.optional(CiString50),
  iccid: v.optional(CiString20),
  imsi: v.optional(CiString20),
  meterType: v.optional(CiString25),
  meterSerialNumber: v.optional(CiString25),
});
export type BootNotificationRequest = v.InferOutput<typeof BootNotificationRequest>;

/** C§7.38 RegistrationStatus. */
export const RegistrationStatus = v.picklist(["Accepted", "Pending", "Rejected"]);
export type RegistrationStatus = v.InferOutput<typeof RegistrationStatus>;

export const BootNotificationResponse = payload({
  status: RegistrationStatus,
  currentTime: DateTime,
  /** Heartbeat interval when Accepted, retry delay otherwise; seconds. */
  interval: Integer,
});
export type BootNotificationResponse = v.InferOutput<typeof BootNotificationResponse>;
