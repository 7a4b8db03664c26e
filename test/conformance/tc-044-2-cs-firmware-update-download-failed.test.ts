import { afterEach, describe, expect, test } from "bun:test";
import { tempDir } from "../support/temp-dir.ts";
import { call, caseTimeoutMs, conformanceHooks, expectInOrder, observe } from "./harness.ts";
import { firmwareReport, firmwareStatus, firmwareStatuses, ftpServer, installedStation, stopFileServers } from "./firmware-station.ts";

conformanceHooks();
afterEach(() => stopFileServers());

describe("TC_044_2_CS Firmware Update - Download Failed", () => {
  test("a file the FTP server does not have (retries 0): Downloading, then DownloadFailed once; the old firmware stays and the connectors Available", async () => {
    const ftp = await ftpServer(tempDir("csc22b7-ftp-"));
    const station = await installedStation();
    const before = await firmwareReport(station);
    const since = station.mark();

    expect(await station.request("UpdateFirmware", { location: `ftp://127.0.0.1:${ftp.port}/download_fail.fwi`, retrieveDate: new Date().toISOString(), retries: 0 })).toEqual({});
    await firmwareStatus(station, "DownloadFailed", since);
    expectInOrder(station.callsSince(since), [call("FirmwareStatusNotification", { status: "Downloading" }), call("FirmwareStatusNotification", { status: "DownloadFailed" })]);
    await observe(1_000);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "DownloadFailed"]);
    // No connector went Unavailable, and nothing restarted.
    expect(station.statuses(1, since)).toEqual([]);
    expect(station.callsSince(since).filter((c) => c.action === "BootNotification")).toEqual([]);

    const report = await firmwareReport(station);
    expect(report.build).toBe(before.build);
    expect(report.profiles.FirmwareManagement.data.update).toMatchObject({ stage: "finished", outcome: "DownloadFailed" });
    expect(report.profiles.FirmwareManagement.data.update?.reason).toStartWith("FTP 55");
    expect(report.profiles.FirmwareManagement.lines.join("\n")).toContain("update: DownloadFailed");
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
