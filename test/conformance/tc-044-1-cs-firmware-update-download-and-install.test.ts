import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { binaryPath } from "../support/binary.ts";
import { newBuild, servesPath, testImages } from "../support/firmware-images.ts";
import { call, caseTimeoutMs, conformanceHooks, expectInOrder, status, C, OTHER } from "./harness.ts";
import { fileServer, firmwareReport, firmwareStatus, firmwareStatuses, inode, installedStation, stopFileServers, untilRunning } from "./firmware-station.ts";

conformanceHooks();
beforeAll(() => testImages(), 120_000);
afterEach(() => stopFileServers());

describe("TC_044_1_CS Firmware Update - Download and Install", () => {
  test("Downloading, Downloaded, Installing, then the new executable boots (same PID), is Available and reports Installed; the previous one is kept beside it", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/csc22b7", servesPath(good));
    const station = await installedStation();
    const oldBuild = (await firmwareReport(station)).build;
    const since = station.mark();

    expect(await station.request("UpdateFirmware", { location: files.url("/fw/csc22b7"), retrieveDate: new Date().toISOString() })).toEqual({});
    await firmwareStatus(station, "Installed", since, 60_000);
    expectInOrder(station.callsSince(since), [
      call("FirmwareStatusNotification", { status: "Downloading" }),
      call("FirmwareStatusNotification", { status: "Downloaded" }),
      call("FirmwareStatusNotification", { status: "Installing" }),
      call("BootNotification"),
      [status(0, "Available"), status(C, "Available"), status(OTHER, "Available")],
      call("FirmwareStatusNotification", { status: "Installed" }),
    ]);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "Downloaded", "Installing", "Installed"]);

    const report = await untilRunning(station, newBuild);
    const part = report.profiles.FirmwareManagement.data;
    // execve: the process the harness started is the one running the new executable.
    expect(part.pid).toBe(station.process.pid);
    expect(part.executable).toBe(station.executable);
    expect(part.previous).toEqual({ path: `${station.executable}.previous`, version: `0.1.0 (${oldBuild})` });
    expect(part.update).toMatchObject({ stage: "finished", outcome: "Installed", imageVersion: `0.1.0 (${newBuild})` });
    expect(report.profiles.FirmwareManagement.lines[0]).toBe(`running 0.1.0 (${newBuild}) from ${station.executable}`);
    expect(readFileSync(station.executable).equals(readFileSync(good))).toBe(true);
    expect(readFileSync(`${station.executable}.previous`).equals(readFileSync(binaryPath))).toBe(true);
    expect(inode(`${station.executable}.new`)).toBeUndefined();
    expect(station.csms.schemaViolations).toEqual([]);
  }, 120_000);
});

describe("TC_044_1_CS with a transaction running (E3.49, issue 16)", () => {
  test("the install waits: the idle connector goes Unavailable, the charging one goes on; the charging connector goes Unavailable when its transaction ends, and the update installs", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/csc22b7", servesPath(good));
    const station = await installedStation();
    const transactionId = await station.rsCharging(C);
    const since = station.mark();
    expect(await station.request("UpdateFirmware", { location: files.url("/fw/csc22b7"), retrieveDate: new Date().toISOString() })).toEqual({});
    await firmwareStatus(station, "Downloaded", since);
    await station.waitFor(status(OTHER, "Unavailable"), since);
    await Bun.sleep(1_000);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "Downloaded"]);
    expect(station.statuses(C, since)).toEqual([]);

    const stop = station.mark();
    expect(await station.request("RemoteStopTransaction", { transactionId })).toEqual({ status: "Accepted" });
    await firmwareStatus(station, "Installed", stop, 60_000);
    expectInOrder(station.callsSince(stop), [
      call("StopTransaction", { transactionId }),
      status(C, "Unavailable"),
      call("FirmwareStatusNotification", { status: "Installing" }),
      call("BootNotification"),
      call("FirmwareStatusNotification", { status: "Installed" }),
    ]);
    await untilRunning(station, newBuild);
    expect(station.csms.schemaViolations).toEqual([]);
  }, 120_000);
});
