/** Every OCPP 1.6-J action with the schemas of its request and response, and who sends the CALL (SPEC-DIGEST §1). */
import type * as v from "valibot";
import { AuthorizeRequest, AuthorizeResponse } from "./authorize.ts";
import { BootNotificationRequest, BootNotificationResponse } from "./boot-notification.ts";
import { CancelReservationRequest, CancelReservationResponse } from "./cancel-reservation.ts";
import { CertificateSignedRequest, CertificateSignedResponse } from "./certificate-signed.ts";
import { ChangeAvailabilityRequest, ChangeAvailabilityResponse } from "./change-availability.ts";
import { ChangeConfigurationRequest, ChangeConfigurationResponse } from "./change-configuration.ts";
import { ClearCacheRequest, ClearCacheResponse } from "./clear-cache.ts";
import { ClearChargingProfileRequest, ClearChargingProfileResponse } from "./clear-charging-profile.ts";
import { DataTransferRequest, DataTransferResponse } from "./data-transfer.ts";
import { DeleteCertificateRequest, DeleteCertificateResponse } from "./delete-certificate.ts";
import {
  DiagnosticsStatusNotificationRequest,
  DiagnosticsStatusNotificationResponse,
} from "./diagnostics-status-notification.ts";
import { ExtendedTriggerMessageRequest, ExtendedTriggerMessageResponse } from "./extended-trigger-message.ts";
import {
  FirmwareStatusNotificationRequest,
  FirmwareStatusNotificationResponse,
} from "./firmware-status-notification.ts";
import { GetCompositeScheduleRequest, GetCompositeScheduleResponse } from "./get-composite-schedule.ts";
import { GetConfigurationRequest, GetConfigurationResponse } from "./get-configuration.ts";
import { GetDiagnosticsRequest, GetDiagnosticsResponse } from "./get-diagnostics.ts";
import {
  GetInstalledCertificateIdsRequest,
  GetInstalledCertificateIdsResponse,
} from "./get-installed-certificate-ids.ts";
import { GetLocalListVersionRequest, GetLocalListVersionResponse } from "./get-local-list-version.ts";
import { GetLogRequest, GetLogResponse } from "./get-log.ts";
import { HeartbeatRequest, HeartbeatResponse } from "./heartbeat.ts";
import { InstallCertificateRequest, InstallCertificateResponse } from "./install-certificate.ts";
import { LogStatusNotificationRequest, LogStatusNotificationResponse } from "./log-status-notification.ts";
import { MeterValuesRequest, MeterValuesResponse } from "./meter-values.ts";
import { RemoteStartTransactionRequest, RemoteStartTransactionResponse } from "./remote-start-transaction.ts";
import { RemoteStopTransactionRequest, RemoteStopTransactionResponse } from "./remote-stop-transaction.ts";
import { ReserveNowRequest, ReserveNowResponse } from "./reserve-now.ts";
import { ResetRequest, ResetResponse } from "./reset.ts";
import {
  SecurityEventNotificationRequest,
  SecurityEventNotificationResponse,
} from "./security-event-notification.ts";
import { SendLocalListRequest, SendLocalListResponse } from "./send-local-list.ts";
import { SetChargingProfileRequest, SetChargingProfileResponse } from "./set-charging-profile.ts";
import { SignCertificateRequest, SignCertificateResponse } from "./sign-certificate.ts";
import {
  SignedFirmwareStatusNotificationRequest,
  SignedFirmwareStatusNotificationResponse,
} from "./signed-firmware-status-notification.ts";
import { SignedUpdateFirmwareRequest, SignedUpdateFirmwareResponse } from "./signed-update-firmware.ts";
import { StartTransactionRequest, StartTransactionResponse } from "./start-transaction.ts";
import { StatusNotificationRequest, StatusNotificationResponse } from "./status-notification.ts";
import { StopTransactionRequest, StopTransactionResponse } from "./stop-transaction.ts";
import { TriggerMessageRequest, TriggerMessageResponse } from "./trigger-message.ts";
import { UnlockConnectorRequest, UnlockConnectorResponse } from "./unlock-connector.ts";
import { UpdateFirmwareRequest, UpdateFirmwareResponse } from "./update-firmware.ts";

export const messages = {
  Authorize: { request: AuthorizeRequest, response: AuthorizeResponse },
  BootNotification: { request: BootNotificationRequest, response: BootNotificationResponse },
  CancelReservation: { request: CancelReservationRequest, response: CancelReservationResponse },
  CertificateSigned: { request: CertificateSignedRequest, response: CertificateSignedResponse },
  ChangeAvailability: { request: ChangeAvailabilityRequest, response: ChangeAvailabilityResponse },
  ChangeConfiguration: { request: ChangeConfigurationRequest, response: ChangeConfigurationResponse },
  ClearCache: { request: ClearCacheRequest, response: ClearCacheResponse },
  ClearChargingProfile: { request: ClearChargingProfileRequest, response: ClearChargingProfileResponse },
  DataTransfer: { request: DataTransferRequest, response: DataTransferResponse },
  DeleteCertificate: { request: DeleteCertificateRequest, response: DeleteCertificateResponse },
  DiagnosticsStatusNotification: {
    request: DiagnosticsStatusNotificationRequest,
    response: DiagnosticsStatusNotificationResponse,
  },
  ExtendedTriggerMessage: { request: ExtendedTriggerMessageRequest, response: ExtendedTriggerMessageResponse },
  FirmwareStatusNotification: {
    request: FirmwareStatusNotificationRequest,
    response: FirmwareStatusNotificationResponse,
  },
  GetCompositeSchedule: { request: GetCompositeScheduleRequest, response: GetCompositeScheduleResponse },
  GetConfiguration: { request: GetConfigurationRequest, response: GetConfigurationResponse },
  GetDiagnostics: { request: GetDiagnosticsRequest, response: GetDiagnosticsResponse },
  GetInstalledCertificateIds: {
    request: GetInstalledCertificateIdsRequest,
    response: GetInstalledCertificateIdsResponse,
  },
  GetLocalListVersion: { request: GetLocalListVersionRequest, response: GetLocalListVersionResponse },
  GetLog: { request: GetLogRequest, response: GetLogResponse },
  Heartbeat: { request: HeartbeatRequest, response: HeartbeatResponse },
  InstallCertificate: { request: InstallCertificateRequest, response: InstallCertificateResponse },
  LogStatusNotification: { request: LogStatusNotificationRequest, response: LogStatusNotificationResponse },
  MeterValues: { request: MeterValuesRequest, response: MeterValuesResponse },
  RemoteStartTransaction: { request: RemoteStartTransactionRequest, response: RemoteStartTransactionResponse },
  RemoteStopTransaction: { request: RemoteStopTransactionRequest, response: RemoteStopTransactionResponse },
  ReserveNow: { request: ReserveNowRequest, response: ReserveNowResponse },
  Reset: { request: ResetRequest, response: ResetResponse },
  SecurityEventNotification: {
    request: SecurityEventNotificationRequest,
    response: SecurityEventNotificationResponse,
  },
  SendLocalList: { request: SendLocalListRequest, response: SendLocalListResponse },
  SetChargingProfile: { request: SetChargingProfileRequest, response: SetChargingProfileResponse },
  SignCertificate: { request: SignCertificateRequest, response: SignCertificateResponse },
  SignedFirmwareStatusNotification: {
    request: SignedFirmwareStatusNotificationRequest,
    response: SignedFirmwareStatusNotificationResponse,
  },
  SignedUpdateFirmware: { request: SignedUpdateFirmwareRequest, response: SignedUpdateFirmwareResponse },
  StartTransaction: { request: StartTransactionRequest, response: StartTransactionResponse },
  StatusNotification: { request: StatusNotificationRequest, response: StatusNotificationResponse },
  StopTransaction: { request: StopTransactionRequest, response: StopTransactionResponse },
  TriggerMessage: { request: TriggerMessageRequest, response: TriggerMessageResponse },
  UnlockConnector: { request: UnlockConnectorRequest, response: UnlockConnectorResponse },
  UpdateFirmware: { request: UpdateFirmwareRequest, response: UpdateFirmwareResponse },
} as const satisfies Record<string, { request: v.GenericSchema; response: v.GenericSchema }>;

export type Action = keyof typeof messages;
export type RequestOf<A extends Action> = v.InferOutput<(typeof messages)[A]["request"]>;
export type ResponseOf<A extends Action> = v.InferOutput<(typeof messages)[A]["response"]>;

export function isAction(name: string): name is Action {
  return Object.hasOwn(messages, name);
}

/** Actions whose CALL the Central System sends (CS→CP): the Charge Point handles them. */
export const centralSystemActions: readonly Action[] = [
  "CancelReservation",
  "CertificateSigned",
  "ChangeAvailability",
  "ChangeConfiguration",
  "ClearCache",
  "ClearChargingProfile",
  "DataTransfer",
  "DeleteCertificate",
  "ExtendedTriggerMessage",
  "GetCompositeSchedule",
  "GetConfiguration",
  "GetDiagnostics",
  "GetInstalledCertificateIds",
  "GetLocalListVersion",
  "GetLog",
  "InstallCertificate",
  "RemoteStartTransaction",
  "RemoteStopTransaction",
  "ReserveNow",
  "Reset",
  "SendLocalList",
  "SetChargingProfile",
  "SignedUpdateFirmware",
  "TriggerMessage",
  "UnlockConnector",
  "UpdateFirmware",
];

/** Actions whose CALL the Charge Point sends (CP→CS). */
export const chargePointActions: readonly Action[] = [
  "Authorize",
  "BootNotification",
  "DataTransfer",
  "DiagnosticsStatusNotification",
  "FirmwareStatusNotification",
  "Heartbeat",
  "LogStatusNotification",
  "MeterValues",
  "SecurityEventNotification",
  "SignCertificate",
  "SignedFirmwareStatusNotification",
  "StartTransaction",
  "StatusNotification",
  "StopTransaction",
];
