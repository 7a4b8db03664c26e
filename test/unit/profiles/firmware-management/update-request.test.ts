import { describe, expect, test } from "bun:test";
import type { UpdateRecord } from "../../../../src/profiles/firmware-management/firmware-repo.ts";
import { afterFailedAttempt, currentFirmwareStatus, nextWaitMs, scheduledSignedUpdate, scheduledUpdate, signedOrderOf, triggeredSignedStatus } from "../../../../src/profiles/firmware-management/update-request.ts";

const now = new Date("2026-01-01T10:00:00Z");
const request = { location: "http://files/fw.bin", retrieveDate: "2026-01-01T12:00:00Z" };

describe("an UpdateFirmware request", () => {
  test("is scheduled for its retrieveDate, with 3 retries 60 s apart when the request gives none", () => {
    const record = scheduledUpdate(request, now);
    expect(record).toMatchObject({ stage: "scheduled", retries: 3, retryIntervalSec: 60, failedAttempts: 0, lastStatus: null, outcome: null });
    expect(record.nextAttemptAt).toEqual(new Date("2026-01-01T12:00:00Z"));
  });

  test("keeps retries within 0-10 and retryInterval at 1 s at least", () => {
    expect(scheduledUpdate({ ...request, retries: 50, retryInterval: 0 }, now)).toMatchObject({ retries: 10, retryIntervalSec: 1 });
    expect(scheduledUpdate({ ...request, retries: -2, retryInterval: 5 }, now)).toMatchObject({ retries: 0, retryIntervalSec: 5 });
  });

  test("a failed attempt is retried after retryInterval until the retries are used up (retries are re-tries)", () => {
    const record = scheduledUpdate({ ...request, retries: 1, retryInterval: 30 }, now);
    expect(afterFailedAttempt(record, now)).toEqual({ kind: "retry", at: new Date("2026-01-01T10:00:30Z") });
    expect(afterFailedAttempt({ ...record, failedAttempts: 1 }, now)).toEqual({ kind: "givenUp" });
    expect(afterFailedAttempt(scheduledUpdate({ ...request, retries: 0 }, now), now)).toEqual({ kind: "givenUp" });
  });
});

describe("what TriggerMessage(FirmwareStatusNotification) reports", () => {
  const record = (changes: Partial<UpdateRecord>): UpdateRecord => ({ ...scheduledUpdate(request, now), ...changes });

  test("Idle with no update, one only scheduled, or one finished", () => {
    expect(currentFirmwareStatus(undefined)).toBe("Idle");
    expect(currentFirmwareStatus(record({}))).toBe("Idle");
    expect(currentFirmwareStatus(record({ stage: "finished", lastStatus: "InstallationFailed", outcome: "InstallationFailed" }))).toBe("Idle");
  });

  test("the step under way: Downloading (also between retries), Downloaded, Installing", () => {
    expect(currentFirmwareStatus(record({ stage: "downloading", lastStatus: "Downloading" }))).toBe("Downloading");
    expect(currentFirmwareStatus(record({ stage: "scheduled", failedAttempts: 1, lastStatus: "Downloading" }))).toBe("Downloading");
    expect(currentFirmwareStatus(record({ stage: "downloaded", lastStatus: "Downloaded" }))).toBe("Downloaded");
    expect(currentFirmwareStatus(record({ stage: "installing", lastStatus: "Installing" }))).toBe("Installing");
  });
});

describe("a signed update (§17.7)", () => {
  const order = {
    requestId: 7, location: "https://cs.example/fw", retrieveDate: now, installDate: new Date("2026-01-02T00:00:00Z"),
    retries: 2, retryIntervalSec: 30, signingCertificatePem: "PEM", signatureBase64: "SIG",
  };
  const signed = (changes: Partial<UpdateRecord>): UpdateRecord => ({ ...scheduledSignedUpdate(order, now), ...changes });

  test("its record keeps what verifies and schedules it, and gives the order back (after a restart); a legacy one has none", () => {
    expect(signedOrderOf(signed({}))).toEqual(order);
    expect(signedOrderOf(scheduledUpdate(request, now))).toBeUndefined();
  });

  test("TriggerMessage reports a signed step as its nearest 1.6 status", () => {
    expect(currentFirmwareStatus(signed({ stage: "downloaded", lastStatus: "SignatureVerified" }))).toBe("Downloaded");
    expect(currentFirmwareStatus(signed({ stage: "downloaded", lastStatus: "InstallScheduled" }))).toBe("Downloaded");
    expect(currentFirmwareStatus(signed({ stage: "installing", lastStatus: "InstallRebooting" }))).toBe("Installing");
    expect(currentFirmwareStatus(signed({ stage: "finished", lastStatus: "InvalidSignature", outcome: "InvalidSignature" }))).toBe("Idle");
  });

  test("ExtendedTriggerMessage (L01.FR.28–29): Idle when none was sent or the last was Installed, else the last with its requestId; Idle for a legacy update", () => {
    expect(triggeredSignedStatus(undefined)).toEqual({ status: "Idle" });
    expect(triggeredSignedStatus(signed({}))).toEqual({ status: "Idle" });
    expect(triggeredSignedStatus(signed({ stage: "finished", lastStatus: "Installed", outcome: "Installed" }))).toEqual({ status: "Idle" });
    expect(triggeredSignedStatus(signed({ stage: "downloaded", lastStatus: "InstallScheduled" }))).toEqual({ status: "InstallScheduled", requestId: 7 });
    expect(triggeredSignedStatus(signed({ stage: "finished", lastStatus: "InvalidSignature", outcome: "InvalidSignature" }))).toEqual({ status: "InvalidSignature", requestId: 7 });
    expect(triggeredSignedStatus(scheduledUpdate(request, now))).toEqual({ status: "Idle" });
    expect(triggeredSignedStatus({ ...scheduledUpdate(request, now), stage: "downloading", lastStatus: "Downloading" })).toEqual({ status: "Idle" });
  });
});

describe("waiting for a moment on the station's clock", () => {
  test("looks again at least every minute, so a date years ahead never overflows a timer and a moved clock is followed", () => {
    expect(nextWaitMs(new Date("2031-01-01T00:00:00Z"), now)).toBe(60_000);
    expect(nextWaitMs(new Date("2026-01-01T10:00:20Z"), now)).toBe(20_000);
    expect(nextWaitMs(new Date("2025-01-01T00:00:00Z"), now)).toBe(0);
  });
});
