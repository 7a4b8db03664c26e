import { afterEach, describe, expect, test } from "bun:test";
import { badImages, servesPath } from "../support/firmware-images.ts";
import { call, caseTimeoutMs, conformanceHooks, expectInOrder, observe } from "./harness.ts";
import { fileServer, firmwareReport, firmwareStatus, firmwareStatuses, inode, installedStation, stopFileServers } from "./firmware-station.ts";

conformanceHooks();
afterEach(() => stopFileServers());

describe("TC_044_3_CS Firmware Update - Installation Failed", () => {
  test("an unsupported file (a shell script that exits 1): Downloading, Downloaded, then InstallationFailed; nothing beside the executable changed", async () => {
    const files = fileServer();
    files.routes.set("/fw/bad.fwi", servesPath(badImages.shellScript()));
    const station = await installedStation();
    const before = await firmwareReport(station);
    const executableInode = inode(station.executable);
    const since = station.mark();

    expect(await station.request("UpdateFirmware", { location: files.url("/fw/bad.fwi"), retrieveDate: new Date().toISOString() })).toEqual({});
    await firmwareStatus(station, "InstallationFailed", since);
    expectInOrder(station.callsSince(since), [
      call("FirmwareStatusNotification", { status: "Downloading" }),
      call("FirmwareStatusNotification", { status: "Downloaded" }),
      call("FirmwareStatusNotification", { status: "InstallationFailed" }),
    ]);
    await observe(1_000);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "Downloaded", "InstallationFailed"]);

    const report = await firmwareReport(station);
    expect(report.build).toBe(before.build);
    expect(report.profiles.FirmwareManagement.data.update).toMatchObject({ outcome: "InstallationFailed", reason: "not an executable for this station: not an ELF executable" });
    expect(inode(station.executable)).toBe(executableInode!);
    expect(inode(`${station.executable}.new`)).toBeUndefined();
    expect(inode(`${station.executable}.previous`)).toBeUndefined();
    // The station goes on: still Available, still answering.
    expect(await station.request("TriggerMessage", { requestedMessage: "StatusNotification", connectorId: 1 })).toEqual({ status: "Accepted" });
    await station.waitFor(call("StatusNotification", { connectorId: 1, status: "Available" }), since);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
