import { describe, expect, test } from "bun:test";
import type { UpdateRecord } from "../../../../src/profiles/firmware-management/firmware-repo.ts";
import { afterFailedAttempt, currentFirmwareStatus, nextWaitMs, scheduledUpdate } from "../../../../src/profiles/firmware-management/update-request.ts";

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

describe("waiting for a moment on the station's clock", () => {
  test("looks again at least every minute, so a date years ahead never overflows a timer and a moved clock is followed", () => {
    expect(nextWaitMs(new Date("2031-01-01T00:00:00Z"), now)).toBe(60_000);
    expect(nextWaitMs(new Date("2026-01-01T10:00:20Z"), now)).toBe(20_000);
    expect(nextWaitMs(new Date("2025-01-01T00:00:00Z"), now)).toBe(0);
  });
});
