import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LogUpload } from "../../../../src/profiles/security/log-upload.ts";
import { SecurityLog } from "../../../../src/profiles/security/security-log.ts";
import { SecurityLogRepo } from "../../../../src/profiles/security/security-log-repo.ts";
import { SecurityStateRepo } from "../../../../src/profiles/security/security-state-repo.ts";
import type { DurableMessage } from "../../../../src/station/ports.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { memoryDatabase } from "../../../support/memory-database.ts";
import { MemoryTransactionStore } from "../../../support/memory-transaction-store.ts";
import { silentLog } from "../../../support/station-rig.ts";
import { tempDir } from "../../../support/temp-dir.ts";
import { type TransferOptions } from "../../../../src/transfer/file-transfer.ts";
import { TransferFailure } from "../../../../src/transfer/transfer-failure.ts";

/** One call of the upload path: where to, the file's text as made then, and the options. */
type Upload = { location: string; fileName: string; text: string; signal: AbortSignal | undefined };

const flush = async () => {
  for (let i = 0; i < 20; i += 1) await Promise.resolve();
};

/** GetLog's service on a fake clock with an upload the test answers. */
function logUploadRig(stationLog = "") {
  const clock = new FakeClock("2026-03-01T10:00:00Z");
  const database = memoryDatabase();
  const outbox = new MemoryTransactionStore(() => clock.now());
  const events = new SecurityLog({ repo: new SecurityLogRepo(database), outbox, clock, log: silentLog, queued: () => {} });
  const state = new SecurityStateRepo(database);
  const uploads: Upload[] = [];
  /** What each upload does: nothing (uploaded), a failure it throws, or a promise to wait for. */
  const answers: (TransferFailure | Promise<TransferFailure | undefined>)[] = [];
  const workDir = tempDir();
  const logFile = join(tempDir(), "station.log");
  writeFileSync(logFile, stationLog);
  const notified: unknown[] = [];
  const make = () =>
    new LogUpload({
      clock, log: silentLog, events, state, logFiles: [join(workDir, "no-rotated-file-yet.log"), logFile],
      outbox: { append: (message: DurableMessage) => (notified.push(message.payload), outbox.append(message as never, null)) },
      queued: () => {},
      workDir, caPems: [],
      upload: async (location: string, fileName: string, file: string | (() => string), options: TransferOptions) => {
        const path = typeof file === "string" ? file : file();
        uploads.push({ location, fileName, text: readFileSync(path, "utf8"), signal: options.signal });
        const failure = await answers.shift();
        if (failure) throw failure;
      },
    });
  return { clock, events, state, uploads, answers, notified, make, workDir, text: (upload: Upload) => upload.text };
}

const request = (requestId: number, more: Record<string, unknown> = {}) => ({ logType: "SecurityLog" as const, requestId, log: { remoteLocation: "http://cs.example/logs" }, ...more });

describe("GetLog (§17.6, N01)", () => {
  test("Accepted with a file name; Uploading then Uploaded with the requestId; the security log's lines in the time range", async () => {
    const rig = logUploadRig();
    rig.events.raise("StartupOfTheDevice", "a");
    rig.clock.advance(60_000);
    rig.events.raise("SettingSystemTime", "b");
    const upload = rig.make();
    const { answer, upload: run } = upload.request(request(7, { log: { remoteLocation: "http://cs.example/logs", oldestTimestamp: "2026-03-01T10:00:30Z" } }));
    expect(answer).toEqual({ status: "Accepted", filename: "csc22b7-security-log-7-20260301T100100Z.log" });
    await run!();
    expect(rig.notified).toEqual([{ status: "Uploading", requestId: 7 }, { status: "Uploaded", requestId: 7 }]);
    expect(rig.uploads[0]).toMatchObject({ location: "http://cs.example/logs", fileName: answer.filename });
    expect(rig.text(rig.uploads[0]!).split("\n").slice(1)).toEqual(["2026-03-01T10:01:00.000Z SettingSystemTime (critical) b", ""]);
    expect(upload.status()).toEqual({ status: "Idle" });
    // The file was made for the upload and is gone after it.
    expect(readdirSync(rig.workDir)).toEqual([]);
  });

  test("retries as asked, retryInterval apart on the station's clock, then the most precise failure", async () => {
    const rig = logUploadRig();
    rig.answers.push(new TransferFailure("refused", "HTTP 500"), new TransferFailure("denied", "HTTP 403"));
    const { upload: run } = rig.make().request(request(8, { retries: 3, retryInterval: 10 }));
    const done = run!();
    await flush();
    expect(rig.uploads).toHaveLength(1);
    rig.clock.advance(9_999);
    await flush();
    expect(rig.uploads).toHaveLength(1);
    rig.clock.advance(1);
    await done;
    // PermissionDenied is not retried.
    expect(rig.uploads).toHaveLength(2);
    expect(rig.notified).toEqual([{ status: "Uploading", requestId: 8 }, { status: "PermissionDenied", requestId: 8 }]);
  });

  test("a second request cancels the running upload (AcceptedCanceled), which then says nothing more", async () => {
    const rig = logUploadRig();
    let release!: (failure: TransferFailure) => void;
    rig.answers.push(new Promise((resolve) => (release = resolve)));
    const upload = rig.make();
    const first = upload.request(request(1));
    const running = first.upload!();
    await flush();
    expect(upload.status()).toEqual({ status: "Uploading", requestId: 1 });
    const second = upload.request({ ...request(2), logType: "DiagnosticsLog" });
    expect(second.answer.status).toBe("AcceptedCanceled");
    expect(rig.uploads[0]!.signal!.aborted).toBe(true);
    release(new TransferFailure("cancelled", "upload: cancelled"));
    await running;
    await second.upload!();
    expect(rig.notified).toEqual([{ status: "Uploading", requestId: 1 }, { status: "Uploading", requestId: 2 }, { status: "Uploaded", requestId: 2 }]);
  });

  test("an upload a power cut interrupted is UploadFailure after the next start", async () => {
    const rig = logUploadRig();
    rig.answers.push(new Promise(() => {}));
    void rig.make().request(request(9)).upload!();
    await flush();
    const afterPowerCut = rig.make();
    afterPowerCut.recoverInterrupted();
    afterPowerCut.recoverInterrupted();
    expect(rig.notified).toEqual([{ status: "Uploading", requestId: 9 }, { status: "UploadFailure", requestId: 9 }]);
  });

  test("no URL is Rejected; a protocol the station does not speak is NotSupportedOperation", async () => {
    const rig = logUploadRig();
    expect(rig.make().request({ ...request(3), log: { remoteLocation: "not a url" } })).toEqual({ answer: { status: "Rejected" } });
    const { upload: run } = rig.make().request({ ...request(4), log: { remoteLocation: "sftp://cs.example/logs" } });
    await run!();
    expect(rig.uploads).toEqual([]);
    expect(rig.notified).toEqual([{ status: "Uploading", requestId: 4 }, { status: "NotSupportedOperation", requestId: 4 }]);
  });

  test("DiagnosticsLog: the station's own lines in the range, lines without a time with the one before, every secret hidden", async () => {
    const log = [
      "2026-03-01T09:00:00.000Z INFO  station: old",
      "    at an old stack line",
      "2026-03-01T10:00:00.000Z DEBUG ocpp: frame received frame=[2,\"1\",\"ChangeConfiguration\",{\"key\":\"AuthorizationKey\",\"value\":\"0011223344556677\"}]",
      "    at a stack line",
      "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----",
    ].join("\n");
    const rig = logUploadRig(log);
    const { upload: run } = rig.make().request({ ...request(5), logType: "DiagnosticsLog", log: { remoteLocation: "ftp://cs.example/in", oldestTimestamp: "2026-03-01T09:30:00Z" } });
    await run!();
    const text = rig.text(rig.uploads[0]!);
    expect(text).not.toContain("old");
    expect(text).toContain('"key":"AuthorizationKey"');
    expect(text).not.toContain("0011223344556677");
    expect(text).not.toContain("MIGH");
    expect(text).toContain("at a stack line");
  });
});
