import type { UpdateFirmwareRequest } from "../../messages/update-firmware.ts";
import type { UpdateRecord } from "./firmware-repo.ts";

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

/** After a failed download attempt: another one after retryInterval, or none left. */
export function afterFailedAttempt(record: UpdateRecord, now: Date): { kind: "retry"; at: Date } | { kind: "givenUp" } {
  const failedAttempts = record.failedAttempts + 1;
  if (failedAttempts > record.retries) return { kind: "givenUp" };
  return { kind: "retry", at: new Date(now.getTime() + record.retryIntervalSec * 1000) };
}

/** §11.1, §15: what a TriggerMessage(FirmwareStatusNotification) reports: the step under way, Idle when none is. */
export function currentFirmwareStatus(record: UpdateRecord | undefined): "Idle" | "Downloading" | "Downloaded" | "Installing" {
  if (!record || record.stage === "finished" || record.stage === "scheduled" && record.failedAttempts === 0) return "Idle";
  const status = record.lastStatus;
  return status === "Downloading" || status === "Downloaded" || status === "Installing" ? status : "Idle";
}

/** The longest wait between looks at the station's clock: a clock the Central System moves is followed, and no timer overflows. */
export const maxWaitStepMs = 60_000;

/** How long to wait before looking again, waiting for `at`. */
export function nextWaitMs(at: Date, now: Date): number {
  return Math.max(0, Math.min(at.getTime() - now.getTime(), maxWaitStepMs));
}
