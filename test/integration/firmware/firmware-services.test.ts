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
import { TestPki } from "../../support/test-pki.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import type { StoreDb } from "../../../src/store/db.ts";

const files = new FileServer().start();
const pki = new TestPki();
const manufacturer = pki.root("Manufacturer Root", { key: "ec-p384", days: 365 });
const signer = pki.issue(manufacturer, "signer", "/CN=Firmware Signing/O=CASTPRO", { key: "rsa-2048" });
afterAll(() => {
  files.stop();
  pki.dispose();
});

async function firmwareRig(options: { dataDir?: string; database?: StoreDb; clock?: FakeClock; isStarted?: boolean; ocpp?: Record<string, string> } = {}) {
  const dataDir = options.dataDir ?? tempDir();
  const logFile = join(dataDir, "station.log");
  const rig = stationRig({
    ...(options.ocpp ? { ocpp: options.ocpp } : {}),
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

describe("UpdateFirmware beside the signed update (L01.FR.20)", () => {
  test("served while no manufacturer root is installed; CALLERROR NotSupported and no update once one is; served again once it is deleted", async () => {
    const { request, firmware, rig } = await firmwareRig({ clock: new FakeClock(new Date().toISOString()) });
    const update = { location: "http://127.0.0.1:9/fw.bin", retrieveDate: new Date(Date.now() + 3_600_000).toISOString() };
    expect(await request("UpdateFirmware", update)).toEqual([3, "cs-1", {}]);
    expect(firmware.update.record).toMatchObject({ location: update.location });

    const refused = await firmwareRig({ clock: new FakeClock(new Date().toISOString()) });
    expect((await refused.request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: manufacturer.certPem }))?.[2]).toEqual({ status: "Accepted" });
    const frame = await refused.request("UpdateFirmware", update);
    expect([frame?.[0], frame?.[2]]).toEqual([4, "NotSupported"]);
    expect(refused.firmware.update.record).toBeUndefined();

    const installed = (await refused.request("GetInstalledCertificateIds", { certificateType: "ManufacturerRootCertificate" }))?.[2] as { certificateHashData: unknown[] };
    expect((await refused.request("DeleteCertificate", { certificateHashData: installed.certificateHashData[0] }))?.[2]).toEqual({ status: "Accepted" });
    expect((await refused.request("UpdateFirmware", update))?.[2]).toEqual({});
    expect(refused.firmware.update.record).toMatchObject({ location: update.location });
    expect(rig.payloadsOf("SecurityEventNotification")).toEqual([]);
  });
});

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

describe("SignedUpdateFirmware on the update path (§17.7)", () => {
  const notAnImage = new TextEncoder().encode("#!/bin/sh\nexit 1\n");
  files.routes.set("/fw/signed.bin", () => new Response(notAnImage));
  const signedRequest = (more: { signature?: string; retrieveDateTime?: string; requestId?: number } = {}) => ({
    requestId: more.requestId ?? 5,
    retries: 0,
    firmware: {
      location: files.url("/fw/signed.bin"),
      retrieveDateTime: more.retrieveDateTime ?? new Date(0).toISOString(),
      signingCertificate: signer.certPem,
      signature: more.signature ?? pki.signData(signer, notAnImage, "pss"),
    },
  });
  async function signedRig(options: Parameters<typeof firmwareRig>[0] = {}) {
    // The test PKI is valid from now: the station's clock starts now.
    const made = await firmwareRig({ clock: new FakeClock(new Date().toISOString()), ...options });
    await made.request("InstallCertificate", { certificateType: "ManufacturerRootCertificate", certificate: manufacturer.certPem });
    const signed = () => made.rig.payloadsOf("SignedFirmwareStatusNotification");
    const untilSigned = (count: number) => eventually(async () => (await made.rig.settle(), signed()), (list) => list.length >= count, `${count} SignedFirmwareStatusNotification`);
    const events = () => made.rig.payloadsOf("SecurityEventNotification").map((p) => p.type as string);
    return { ...made, signed, untilSigned, events };
  }

  test("a verified signature: Downloading, Downloaded, SignatureVerified with the requestId, then the image check (InstallVerificationFailed for a file that is no executable); no legacy notification", async () => {
    const { request, untilSigned, signed, rig, firmware } = await signedRig();
    expect((await request("SignedUpdateFirmware", signedRequest()))?.[2]).toEqual({ status: "Accepted" });
    await untilSigned(4);
    expect(signed()).toEqual(["Downloading", "Downloaded", "SignatureVerified", "InstallVerificationFailed"].map((status) => ({ status, requestId: 5 })));
    expect(rig.payloadsOf("FirmwareStatusNotification")).toEqual([]);
    expect(firmware.update.record).toMatchObject({ stage: "finished", outcome: "InstallVerificationFailed", requestId: 5, reason: "not an executable for this station: not an ELF executable" });
  });

  test("a signature over other bytes: InvalidSignature and the InvalidFirmwareSignature event; nothing is checked or installed and the files are removed", async () => {
    const { request, untilSigned, signed, events, firmware, dataDir } = await signedRig();
    await request("SignedUpdateFirmware", signedRequest({ signature: pki.signData(signer, new Uint8Array([1, 2, 3]), "pss") }));
    await untilSigned(3);
    expect(signed().map((p) => p.status)).toEqual(["Downloading", "Downloaded", "InvalidSignature"]);
    expect(events()).toContain("InvalidFirmwareSignature");
    expect(firmware.update.record).toMatchObject({ stage: "finished", outcome: "InvalidSignature", reason: expect.stringContaining("does not match") });
    expect(existsSync(join(dataDir, "firmware", "download"))).toBe(false);
    expect(existsSync(join(dataDir, "firmware", "image"))).toBe(false);
  });

  test("a signature that is not base64: InvalidSignature after the download, the files removed, and the station runs on", async () => {
    const { request, untilSigned, signed, firmware, dataDir } = await signedRig();
    await request("SignedUpdateFirmware", signedRequest({ signature: "not base64!" }));
    await untilSigned(3);
    expect(signed().map((p) => p.status)).toEqual(["Downloading", "Downloaded", "InvalidSignature"]);
    expect(firmware.update.record).toMatchObject({ stage: "finished", outcome: "InvalidSignature", reason: "the signature is not base64" });
    expect(existsSync(join(dataDir, "firmware", "download"))).toBe(false);
    // The image was refused unread: nothing may still open it and fail on the deleted file.
    await Bun.sleep(100);
    expect((await request("GetConfiguration", { key: ["HeartbeatInterval"] }))?.[0]).toBe(3);
  });

  test("a signing certificate from another root: InvalidCertificate and InvalidFirmwareSigningCertificate, nothing downloaded", async () => {
    const { request, signed, events, firmware, rig } = await signedRig();
    const foreign = pki.issue(pki.root("Other Root"), "foreign", "/CN=Foreign");
    const payload = signedRequest();
    const answer = await request("SignedUpdateFirmware", { ...payload, firmware: { ...payload.firmware, signingCertificate: foreign.certPem } });
    expect(answer?.[2]).toEqual({ status: "InvalidCertificate" });
    await rig.settle();
    expect(events()).toContain("InvalidFirmwareSigningCertificate");
    expect(signed()).toEqual([]);
    expect(firmware.update.record).toBeUndefined();
  });

  test("one scheduled is cancelled by the next (AcceptedCanceled); it survives a restart on the same database and reports with its requestId; ExtendedTriggerMessage tells the last status", async () => {
    const database = memoryDatabase();
    const dataDir = tempDir();
    const first = await signedRig({ database, dataDir });
    const later = new Date(first.rig.clock.now().getTime() + 3_600_000).toISOString();
    expect((await first.request("SignedUpdateFirmware", signedRequest({ retrieveDateTime: later, requestId: 1 })))?.[2]).toEqual({ status: "Accepted" });
    expect((await first.request("SignedUpdateFirmware", signedRequest({ retrieveDateTime: later, requestId: 2 })))?.[2]).toEqual({ status: "AcceptedCanceled" });
    expect((await first.request("ExtendedTriggerMessage", { requestedMessage: "FirmwareStatusNotification" }))?.[2]).toEqual({ status: "Accepted" });
    await first.rig.settle();
    expect(first.signed()).toEqual([{ status: "Idle" }]);
    first.rig.built.stop();

    const second = await firmwareRig({ database, dataDir, clock: first.rig.clock });
    await second.rig.settle(3_600_000);
    await eventually(async () => (await second.rig.settle(), second.rig.payloadsOf("SignedFirmwareStatusNotification")), (list) => list.length >= 4, "the signed statuses");
    expect(second.rig.payloadsOf("SignedFirmwareStatusNotification").map((p) => [p.status, p.requestId])).toEqual([["Downloading", 2], ["Downloaded", 2], ["SignatureVerified", 2], ["InstallVerificationFailed", 2]]);
    expect((await second.request("ExtendedTriggerMessage", { requestedMessage: "FirmwareStatusNotification" }))?.[2]).toEqual({ status: "Accepted" });
    await second.rig.settle();
    expect(second.rig.payloadsOf("SignedFirmwareStatusNotification").at(-1)).toEqual({ status: "InstallVerificationFailed", requestId: 2 });
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
