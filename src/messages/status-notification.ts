/** StatusNotification: CP→CS, Core. */
import * as v from "valibot";
import { CiString255, CiString50, DateTime, Integer, payload } from "./common.ts";

export const ChargePointErrorCode = v.picklist([
  "ConnectorLockFailure",
  "EVCommunicationError",
  "GroundFailure",
  "HighTemperature",
  "InternalError",
  "LocalListConflict",
  "NoError",
  "OtherError",
  "OverCurrentFailure",
  "PowerMeterFailure",
  "PowerSwitchFailure",
  "ReaderFailure",
  "ResetFailure",
  "UnderVoltage",
  "OverVoltage",
  "WeakSignal",
]);
export type ChargePointErrorCode = v.InferOutput<typeof ChargePointErrorCode>;

export const ChargePointStatus = v.picklist([
  "Available",
  "Preparing",
  "Charging",
  "SuspendedEVSE",
  "SuspendedEV",
  "Finishing",
  "Reserved",
  "Unavailable",
  "Faulted",
]);
export type ChargePointStatus = v.InferOutput<typeof ChargePointStatus>;

export const StatusNotificationRequest = payload({
  connectorId: Integer,
  errorCode: ChargePointErrorCode,
  info: v.optional(CiString50),
  status: ChargePointStatus,
  timestamp: v.optional(DateTime),
  vendorId: v.optional(CiString255),
  vendorErrorCode: v.optional(CiString50),
});
export type StatusNotificationRequest = v.InferOutput<typeof StatusNotificationRequest>;

export const StatusNotificationResponse = payload({});
export type StatusNotificationResponse = v.InferOutput<typeof StatusNotificationResponse>;
