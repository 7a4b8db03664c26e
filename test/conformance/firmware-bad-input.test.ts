/**
 * Issue 16 "Bad input" through the compiled binary: each gets a defined status and log line, and the
 * station goes on. The hostile servers (stalls, endless data, wrong sizes, redirect loops, TLS) are
 * covered at the transfer layer in test/integration/transfer/file-transfer.test.ts.
 */
import { afterEach, describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { runToEnd } from "../support/binary.ts";
import { RawHttpServer } from "../support/file-servers.ts";
import { tempDir } from "../support/temp-dir.ts";
import { call, caseTimeoutMs, conformanceHooks, observe } from "./harness.ts";
import { fileServer, firmwareReport, firmwareStatus, firmwareStatuses, ftpServer, installedStation, stopFileServers } from "./firmware-station.ts";

conformanceHooks();
afterEach(() => stopFileServers());
const rawServers: RawHttpServer[] = [];
afterEach(() => rawServers.splice(0).forEach((server) => server.stop()));

describe("Firmware Management bad input (issue 16)", () => {
  test("a gigabyte image: DownloadFailed at once, not tried again, nothing written", async () => {
    const huge = await new RawHttpServer((socket) => socket.write("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n" + "x".repeat(1000))).start();
    rawServers.push(huge);
    const station = await installedStation();
    const since = station.mark();
    expect(await station.request("UpdateFirmware", { location: huge.url("/fw/huge.bin"), retrieveDate: new Date().toISOString(), retries: 3, retryInterval: 1 })).toEqual({});
    await firmwareStatus(station, "DownloadFailed", since);
    await observe(2_000);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "DownloadFailed"]);
    const report = await firmwareReport(station);
    expect(report.profiles.FirmwareManagement.data.update?.reason).toBe("the file is larger than the 268435456 bytes allowed (1073741824 bytes announced)");
    expect(station.countLogged(/ERROR station: firmware update failed outcome=DownloadFailed reason="the file is larger/)).toBe(1);
    expect(existsSync(join(station.cwd, "data", "firmware", "download"))).toBe(false);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("a retrieveDate years ahead: scheduled, shown by diag, kept across a power cut, nothing fetched; TriggerMessage says Idle", async () => {
    const files = fileServer();
    const station = await installedStation();
    const since = station.mark();
    expect(await station.request("UpdateFirmware", { location: files.url("/fw/later.bin"), retrieveDate: "2031-01-01T00:00:00Z" })).toEqual({});
    const scheduled = `update: download of ${files.url("/fw/later.bin")} scheduled for 2031-01-01 00:00:00Z`;
    await observe(500);
    expect((await firmwareReport(station)).profiles.FirmwareManagement.lines).toContain(scheduled);
    await station.powerCycle();
    await station.untilIdle(since);
    expect((await firmwareReport(station)).profiles.FirmwareManagement.lines).toContain(scheduled);
    const trigger = station.mark();
    expect(await station.request("TriggerMessage", { requestedMessage: "FirmwareStatusNotification" })).toEqual({ status: "Accepted" });
    await station.waitFor(call("FirmwareStatusNotification", { status: "Idle" }), trigger);
    expect(files.requests).toEqual([]);
    expect(firmwareStatuses(station, since)).toEqual(["Idle"]);
  }, caseTimeoutMs);

  test("a location with credentials is never logged nor shown: not in the frames logged at debug level, nor in diag or diag log", async () => {
    const ftp = await ftpServer(tempDir("csc22b7-ftp-"));
    const station = await installedStation();
    const since = station.mark();
    const location = `ftp://station:TopSecret123@127.0.0.1:${ftp.port}/missing.fwi`;
    expect(await station.request("UpdateFirmware", { location, retrieveDate: new Date().toISOString(), retries: 0 })).toEqual({});
    await firmwareStatus(station, "DownloadFailed", since);
    const diag = await runToEnd([station.executable, "diag", "--json", "--config", station.config], station.cwd);
    const diagLog = await runToEnd([station.executable, "diag", "log", "-n", "500", "--config", station.config], station.cwd);
    expect(station.process.output()).toContain(`UpdateFirmware`);
    expect(station.process.output()).toContain(`ftp://(hidden)@127.0.0.1:${ftp.port}/missing.fwi`);
    for (const text of [station.process.output(), diag.stdout, diagLog.stdout, readFileSync(join(station.cwd, "data", "logs", "station.log"), "utf8")]) {
      expect(text).not.toContain("TopSecret123");
    }
    expect(JSON.parse(diag.stdout).profiles.FirmwareManagement.data.update.location).toBe(`ftp://(hidden)@127.0.0.1:${ftp.port}/missing.fwi`);
  }, caseTimeoutMs);

  test("an unsupported scheme is DownloadFailed, naming it; a new UpdateFirmware replaces one still scheduled", async () => {
    const station = await installedStation();
    const since = station.mark();
    expect(await station.request("UpdateFirmware", { location: "http://127.0.0.1:9/later.bin", retrieveDate: "2031-01-01T00:00:00Z" })).toEqual({});
    expect(await station.request("UpdateFirmware", { location: "sftp://127.0.0.1/fw.bin", retrieveDate: new Date().toISOString() })).toEqual({});
    await firmwareStatus(station, "DownloadFailed", since);
    const report = await firmwareReport(station);
    expect(report.profiles.FirmwareManagement.data.update).toMatchObject({ outcome: "DownloadFailed", location: "sftp://127.0.0.1/fw.bin" });
    expect(report.profiles.FirmwareManagement.data.update?.reason).toStartWith("unsupported scheme sftp://");
    expect(firmwareStatuses(station, since)).toEqual(["DownloadFailed"]);
  }, caseTimeoutMs);
});
