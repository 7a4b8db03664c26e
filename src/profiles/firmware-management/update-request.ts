import type { FirmwareStatus } from "../../messages/firmware-status-notification.ts";
import type { SignedFirmwareStatusNotificationRequest } from "../../messages/signed-firmware-status-notification.ts";
import type { UpdateFirmwareRequest } from "../../messages/update-firmware.ts";
import type { SignedFirmwareOrder } from "../../station/hooks.ts";
import type { UpdateRecord, UpdateStatus } from "./firmware-repo.ts";

/** §11.1: retries and retryInterval "absent ⇒ CP decides". Retries are re-tries, as E3.50 says for uploads. */
export const defaultRetries = 3;
export const defaultRetryIntervalSec = 60;
/** More is capped: a station does not hammer a server on the Central System's word. */
export const maxRetries = 10;
/** retryInterval is kept within 1 s and a day: no tight loop, and no date beyond what a clock can hold. */
export const minRetryIntervalSec = 1;
export const maxRetryIntervalSec = 86_400;

/** The request's retries and retryInterval within the limits above, or the defaults. */
export function retryPlan(request: { retries?: number | undefined; retryInterval?: number | undefined }): { retries: number; retryIntervalSec: number } {
  return {
    retries: Math.min(Math.max(request.retries ?? defaultRetries, 0), maxRetries),
    retryIntervalSec: Math.min(Math.max(request.retryInterval ?? defaultRetryIntervalSec, minRetryIntervalSec), maxRetryIntervalSec),
  };
}

/** The record of a new UpdateFirmware: scheduled for its retrieveDate (which may lie years ahead). */
export function scheduledUpdate(request: UpdateFirmwareRequest, now: Date): UpdateRecord {
  const retrieveDate = new Date(request.retrieveDate);
  return {
    requestId: null,
    signingCertificate: null,
    signature: null,
    installAt: null,
    location: request.location,
    retrieveDate,
    ...retryPlan(request),
    stage: "scheduled",
    failedAttempts: 0,
    nextAttemptAt: retrieveDate,
    lastStatus: null,
    imageVersion: null,
    fromVersion: null,
    outcome: null,
    reason: null,
    requestedAt: now,
    updatedAt: now,
  };
}

/** The record of a new signed update (§17.7): as an UpdateFirmware, with what verifies the image and when to install it. */
export function scheduledSignedUpdate(order: SignedFirmwareOrder, now: Date): UpdateRecord {
  const legacy = scheduledUpdate({ location: order.location, retrieveDate: order.retrieveDate.toISOString(), retries: order.retries, retryInterval: order.retryIntervalSec }, now);
  return { ...legacy, requestId: order.requestId, signingCertificate: order.signingCertificatePem, signature: order.signatureBase64, installAt: order.installDate ?? null };
}

/** The signed update a record holds, or undefined for a legacy UpdateFirmware. */
export function signedOrderOf(record: UpdateRecord | undefined): SignedFirmwareOrder | undefined {
  if (record?.requestId == null || record.signingCertificate === null || record.signature === null) return undefined;
  return {
    requestId: record.requestId, location: record.location, retrieveDate: record.retrieveDate, installDate: record.installAt ?? undefined,
    retries: record.retries, retryIntervalSec: record.retryIntervalSec, signingCertificatePem: record.signingCertificate, signatureBase64: record.signature,
  };
}

/**
 * What a legacy FirmwareStatusNotification says of a status: the signed update's steps as their nearest
 * 1.6 status (a verified or scheduled image is Downloaded, rebooting is Installing); undefined for a
 * status 1.6 has no word for (an invalid signature is not a download failure).
 */
export function legacyStatusOf(status: UpdateStatus): FirmwareStatus | undefined {
  switch (status) {
    case "SignatureVerified":
    case "InstallScheduled":
      return "Downloaded";
    case "InstallRebooting":
      return "Installing";
    case "DownloadScheduled":
    case "DownloadPaused":
    case "InvalidSignature":
    case "InstallVerificationFailed":
      return undefined;
    default:
      return status;
  }
}

/** After a failed download attempt: another one after retryInterval, or none left. */
export function afterFailedAttempt(record: UpdateRecord, now: Date): { kind: "retry"; at: Date } | { kind: "givenUp" } {
  const failedAttempts = record.failedAttempts + 1;
  if (failedAttempts > record.retries) return { kind: "givenUp" };
  return { kind: "retry", at: new Date(now.getTime() + record.retryIntervalSec * 1000) };
}

/**
 * §11.1, §15: what a TriggerMessage(FirmwareStatusNotification) reports: the step under way, Idle when
 * none is; a signed update's step as its nearest 1.6 status.
 */
export function currentFirmwareStatus(record: UpdateRecord | undefined): "Idle" | "Downloading" | "Downloaded" | "Installing" {
  if (!record || record.stage === "finished" || record.stage === "scheduled" && record.failedAttempts === 0) return "Idle";
  const status = record.lastStatus === null ? undefined : legacyStatusOf(record.lastStatus);
  return status === "Downloading" || status === "Downloaded" || status === "Installing" ? status : "Idle";
}

/**
 * §17.7 L01.FR.28–29, .21: what an ExtendedTriggerMessage(FirmwareStatusNotification) reports: Idle when
 * no signed update sent a status or the last one was Installed [impl], else that last status with its requestId.
 */
export function triggeredSignedStatus(record: UpdateRecord | undefined): SignedFirmwareStatusNotificationRequest {
  const order = signedOrderOf(record);
  const status = record?.lastStatus;
  if (!order || status === null || status === undefined || status === "Installed" || status === "Idle") return { status: "Idle" };
  return { status, requestId: order.requestId };
}

/** The longest wait between looks at the station's clock: a clock the Central System moves is followed, and no timer overflows. */
export const maxWaitStepMs = 60_000;

/** How long to wait before looking again, waiting for `at`. */
export function nextWaitMs(at: Date, now: Date): number {
  return Math.max(0, Math.min(at.getTime() - now.getTime(), maxWaitStepMs));
}
