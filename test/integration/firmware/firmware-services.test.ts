/**
 * The Firmware Management services on the station rig (fake clock, in-memory Central System) with
 * real files and loopback servers: retrieveDate and retries on the station's clock, the durable
 * status notifications, restarts on the same database, the diagnostics upload.
 */
import { afterAll, describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { FirmwareRepo } from "../../../src/profiles/firmware-management/firmware-repo.ts";
import type { FirmwareManagement } from "../../../src/profiles/firmware-management/firmware-management.ts";
import { centralSystemLink } from "../../support/central-system-link.ts";
import { eventually } from "../../support/eventually.ts";
import { FileServer } from "../../support/file-servers.ts";
import { memoryDatabase } from "../../support/memory-database.ts";
import { stationRig, testHost } from "../../support/station-rig.ts";
import { tempDir } from "../../support/temp-dir.ts";
import type { FakeClock } from "../../support/fake-clock.ts";
import type { StoreDb } from "../../../src/store/db.ts";

const files = new FileServer().start();
afterAll(() => files.stop());

async function firmwareRig(options: { dataDir?: string; database?: StoreDb; clock?: FakeClock; isStarted?: boolean } = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const logFile = join(dataDir, "station.log");
  const rig = stationRig({
    ...(options.database ? { database: options.database } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
    host: testHost({ dataDir, logFiles: [logFile], reports: async () => [{ name: "diag.json", content: { running: true, key: "AuthorizationKey" } }] }),
  });
  const firmware = rig.built.services.get("FirmwareManagement") as FirmwareManagement;
  if (options.isStarted ?? true) await rig.boot();
  const { exchange } = centralSystemLink(rig);
  /** Resolves once the CALL's answer has left and its work has started. */
  const request = (action: string, payload: unknown) => exchange(action, payload);
  const statuses = (action: string) => rig.payloadsOf(action).map((p) => p.status as string);
  /** Real I/O (sockets, files) between fake-clock steps: waits until `count` statuses of `action` were delivered. */
  const untilStatuses = (action: string, count: number) =>
    eventually(async () => {
      await rig.settle();
      return statuses(action);
    }, (list) => list.length >= count, `${count} ${action}`);
  return { rig, firmware, request, statuses, untilStatuses, dataDir, logFile };
}

describe("UpdateFirmware on the station's clock", () => {
  test("nothing happens before retrieveDate; then Downloading, a retry after retryInterval, and DownloadFailed after the last; each status delivered once", async () => {
    const { rig, request, statuses, untilStatuses } = await firmwareRig();
    const retrieveDate = new Date(rig.clock.now().getTime() + 2 * 3_600_000).toISOString();
    expect(await request("UpdateFirmware", { location: "http://127.0.0.1:9/fw.bin", retrieveDate, retries: 1, retryInterval: 30 })).toEqual([3, "cs-1", {}]);
    await rig.settle(2 * 3_600_000 - 1_000);
    expect(statuses("FirmwareStatusNotification")).toEqual([]);
    await rig.settle(1_000);
    await untilStatuses("FirmwareStatusNotification", 1);
    await Bun.sleep(200);
    await rig.settle(29_000);
    expect(statuses("FirmwareStatusNotification")).toEqual(["Downloading"]);
    await rig.settle(1_000);
    await untilStatuses("FirmwareStatusNotification", 2);
    expect(statuses("FirmwareStatusNotification")).toEqual(["Downloading", "DownloadFailed"]);
  });

  test("a retrieveDate ahead survives a restart on the same database: the next station downloads at that time", async () => {
    const database = memoryDatabase();
    const dataDir = tempDir();
    const first = await firmwareRig({ database, dataDir });
    const retrieveDate = new Date(first.rig.clock.now().getTime() + 3_600_000).toISOString();
    await first.request("UpdateFirmware", { location: "http://127.0.0.1:9/fw.bin", retrieveDate, retries: 0 });
    first.rig.built.stop();
    const second = await firmwareRig({ database, dataDir, clock: first.rig.clock });
    await second.rig.settle(3_600_000);
    await second.untilStatuses("FirmwareStatusNotification", 2);
    expect(second.statuses("FirmwareStatusNotification")).toEqual(["Downloading", "DownloadFailed"]);
  });

  test("a file that is no executable: Downloading, Downloaded, InstallationFailed, and the downloaded files are removed", async () => {
    files.routes.set("/fw/not-an-image.bin", () => new Response("#!/bin/sh\nexit 1\n"));
    const { request, untilStatuses, statuses, dataDir, firmware } = await firmwareRig();
    await request("UpdateFirmware", { location: files.url("/fw/not-an-image.bin"), retrieveDate: new Date(0).toISOString() });
    await untilStatuses("FirmwareStatusNotification", 3);
    expect(statuses("FirmwareStatusNotification")).toEqual(["Downloading", "Downloaded", "InstallationFailed"]);
    expect(firmware.update.record).toMatchObject({ stage: "finished", outcome: "InstallationFailed", reason: "not an executable for this station: not an ELF executable" });
    expect(existsSync(join(dataDir, "firmware", "download"))).toBe(false);
    expect(existsSync(join(dataDir, "firmware", "image"))).toBe(false);
  });

  test("[impl] §11.1: a request during an install is ignored; a scheduled one is replaced", async () => {
    const database = memoryDatabase();
    const { rig, firmware } = await firmwareRig({ database, isStarted: false });
    const repo = new FirmwareRepo(database);
    firmware.update.request({ location: "http://127.0.0.1:9/a.bin", retrieveDate: "2031-01-01T00:00:00Z" });
    firmware.update.request({ location: "http://127.0.0.1:9/b.bin", retrieveDate: "2031-01-01T00:00:00Z" });
    expect(repo.update()?.location).toBe("http://127.0.0.1:9/b.bin");
    firmware.update.stage("installing");
    firmware.update.request({ location: "http://127.0.0.1:9/c.bin", retrieveDate: "2031-01-01T00:00:00Z" });
    expect(repo.update()).toMatchObject({ location: "http://127.0.0.1:9/b.bin", stage: "installing" });
    firmware.update.stop();
    rig.built.stop();
  });
});

describe("GetDiagnostics", () => {
  test("answers a file name, then Uploading and Uploaded: the archive PUT to <location>/<fileName> holds the log lines in the window, redacted", async () => {
    const { rig, request, untilStatuses, statuses, logFile } = await firmwareRig();
    writeFileSync(logFile, [
      "2026-01-01T08:00:00.000Z INFO  station: too early",
      "2026-01-01T09:30:00.000Z INFO  station: inside the window location=ftp://op:pw@files/x",
      "2026-01-01T11:00:00.000Z INFO  station: too late",
    ].join("\n") + "\n");
    files.routes.set("/diag/" + "x", () => new Response(null, { status: 201 }));
    const answer = (await request("GetDiagnostics", { location: files.url("/diag"), startTime: "2026-01-01T09:00:00Z", stopTime: "2026-01-01T10:00:00Z" }))!;
    const fileName = (answer[2] as { fileName: string }).fileName;
    expect(fileName).toBe("csc22b7-diagnostics-20260101T100000Z.tar.gz");
    files.routes.set(`/diag/${fileName}`, () => new Response(null, { status: 201 }));
    await untilStatuses("DiagnosticsStatusNotification", 2);
    expect(statuses("DiagnosticsStatusNotification")).toEqual(["Uploading", "Uploaded"]);
    const put = files.requests.findLast((r) => r.path === `/diag/${fileName}`)!;
    const dir = tempDir();
    writeFileSync(join(dir, "a.tar.gz"), put.body);
    expect(Bun.spawnSync(["tar", "-xzf", join(dir, "a.tar.gz"), "-C", dir]).exitCode).toBe(0);
    expect(await Bun.file(join(dir, "station.log")).text()).toBe("2026-01-01T09:30:00.000Z INFO  station: inside the window location=ftp://(hidden)@files/x\n");
    expect(JSON.parse(await Bun.file(join(dir, "manifest.json")).text())).toMatchObject({ logLines: 1, window: { startTime: "2026-01-01T09:00:00.000Z", stopTime: "2026-01-01T10:00:00.000Z" } });
    expect(rig.csms.calls.length).toBeGreaterThan(0);
  });

  test("retries on the station's clock, then UploadFailed; an upload a restart cut off is reported UploadFailed at the next start", async () => {
    const database = memoryDatabase();
    const dataDir = tempDir();
    const { rig, request, untilStatuses, statuses } = await firmwareRig({ database, dataDir });
    await request("GetDiagnostics", { location: files.url("/nowhere"), retries: 1, retryInterval: 20 });
    const attempts = () => files.requests.filter((r) => r.path.startsWith("/nowhere/")).length;
    await eventually(async () => attempts(), (count) => count === 1, "the first upload");
    // Its 404 is handled (the retry's timer set on the fake clock) before the clock moves.
    await Bun.sleep(300);
    await rig.settle(19_000);
    expect(files.requests.filter((r) => r.path.startsWith("/nowhere/")).length).toBe(1);
    await rig.settle(1_000);
    await untilStatuses("DiagnosticsStatusNotification", 2);
    expect(statuses("DiagnosticsStatusNotification")).toEqual(["Uploading", "UploadFailed"]);
    expect(files.requests.filter((r) => r.path.startsWith("/nowhere/")).length).toBe(2);

    new FirmwareRepo(database).saveUpload({ fileName: "cut.tar.gz", status: "Uploading", reason: null, requestedAt: new Date(), updatedAt: new Date() });
    rig.built.stop();
    const next = await firmwareRig({ database, dataDir, clock: rig.clock, isStarted: false });
    // Started by hand: the rig's boot() forgets what was sent while booting, and this is sent then.
    next.rig.built.start();
    next.rig.csms.connect();
    await next.untilStatuses("DiagnosticsStatusNotification", 1);
    expect(next.statuses("DiagnosticsStatusNotification")).toEqual(["UploadFailed"]);
    expect(new FirmwareRepo(database).upload()).toMatchObject({ status: "UploadFailed", reason: "the station restarted during the upload" });
  }, 20_000);
});
