/**
 * Issue 16, "Rollback without a person": bad images through the compiled binary. An image that fails
 * the checks never touches the executable; one that passes them and then misbehaves is stopped by the
 * watchdog, and the previous executable, still at its path, runs and reports InstallationFailed.
 */
import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { binaryPath } from "../support/binary.ts";
import { RawHttpServer } from "../support/file-servers.ts";
import { badImages, newBuild, servesPath, testImages } from "../support/firmware-images.ts";
import { call, conformanceHooks, expectInOrder, type ConformanceStation } from "./harness.ts";
import { fileServer, firmwareReport, firmwareStatus, firmwareStatuses, installedStation, stopFileServers, untilRunning } from "./firmware-station.ts";

conformanceHooks();
beforeAll(() => testImages(), 120_000);
afterEach(() => stopFileServers());

const rawServers: RawHttpServer[] = [];
afterEach(() => rawServers.splice(0).forEach((server) => server.stop()));

/** UpdateFirmware for `path` served over HTTP; resolves with the mark before it. */
async function update(station: ConformanceStation, path: string, extra: Record<string, unknown> = {}): Promise<number> {
  const files = fileServer();
  files.routes.set("/fw/image", servesPath(path));
  const since = station.mark();
  expect(await station.request("UpdateFirmware", { location: files.url("/fw/image"), retrieveDate: new Date().toISOString(), ...extra })).toEqual({});
  return since;
}

/** The end of every case: the original executable runs (diag), untouched at its path, and the Central System heard `outcome`. */
async function expectPreviousRuns(station: ConformanceStation, build: string, since: number, reason: string | RegExp): Promise<void> {
  const report = await untilRunning(station, build);
  const part = report.profiles.FirmwareManagement.data;
  expect(part.executable).toBe(station.executable);
  expect(part.update).toMatchObject({ stage: "finished", outcome: "InstallationFailed" });
  expect(part.update!.reason).toMatch(reason);
  expect(readFileSync(station.executable).equals(readFileSync(binaryPath))).toBe(true);
  expect(firmwareStatuses(station, since).at(-1)).toBe("InstallationFailed");
  expect(station.csms.schemaViolations).toEqual([]);
}

describe("Firmware rollback without a person (issue 16)", () => {
  test("an image that exits 1 at start: the watchdog starts the previous executable again, which reports InstallationFailed", async () => {
    const station = await installedStation();
    const build = (await firmwareReport(station)).build;
    const since = await update(station, (await testImages()).exits);
    expect(await station.process.exited).toBe(1);
    await firmwareStatus(station, "InstallationFailed", since, 40_000);
    expectInOrder(station.callsSince(since), [
      call("FirmwareStatusNotification", { status: "Downloading" }),
      call("FirmwareStatusNotification", { status: "Downloaded" }),
      call("FirmwareStatusNotification", { status: "Installing" }),
      call("BootNotification"),
      call("FirmwareStatusNotification", { status: "InstallationFailed" }),
    ]);
    await expectPreviousRuns(station, build, since, /stopped before it registered/);
    expect(station.countLogged(/firmware watchdog: .*stopped before it registered/)).toBe(1);
  }, 90_000);

  test("an image that hangs before it connects: stopped after FirmwareBootTimeout, the previous executable reports InstallationFailed", async () => {
    const station = await installedStation({ ocpp: { FirmwareBootTimeout: 10 } });
    const build = (await firmwareReport(station)).build;
    const since = await update(station, (await testImages()).hangs);
    await station.untilLogged(/bad image started: it hangs/, 1, 30_000);
    await firmwareStatus(station, "InstallationFailed", since, 40_000);
    await expectPreviousRuns(station, build, since, /did not register with the Central System within 10 s/);
  }, 90_000);

  test("an image for the other architecture: InstallationFailed after Downloaded, nothing installed, no restart", async () => {
    const station = await installedStation();
    const build = (await firmwareReport(station)).build;
    const since = await update(station, badImages.otherArchitecture());
    await firmwareStatus(station, "InstallationFailed", since);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "Downloaded", "InstallationFailed"]);
    expect(station.callsSince(since).filter((c) => c.action === "BootNotification")).toEqual([]);
    await expectPreviousRuns(station, build, since, "not an executable for this station: built for arm64, this station is x64");
  }, 60_000);

  test("a truncated download: the server closes early (DownloadFailed), or serves a cut file whole (InstallationFailed)", async () => {
    const station = await installedStation();
    const build = (await firmwareReport(station)).build;
    const cutOff = await new RawHttpServer((socket) => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Length: 115000000\r\n\r\n`);
      socket.write(Buffer.alloc(1_000_000, 7), () => socket.destroy());
    }).start();
    rawServers.push(cutOff);
    const since = station.mark();
    expect(await station.request("UpdateFirmware", { location: cutOff.url("/fw/image"), retrieveDate: new Date().toISOString(), retries: 0 })).toEqual({});
    await firmwareStatus(station, "DownloadFailed", since);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "DownloadFailed"]);
    // How much arrived before the cut depends on the sockets; that it is named a failure does not.
    expect((await firmwareReport(station)).profiles.FirmwareManagement.data.update?.reason).toMatch(/^the transfer broke off after \d+ bytes|^the server sent \d+ of the 115000000 bytes/);

    const again = await update(station, badImages.truncated());
    await firmwareStatus(station, "InstallationFailed", again);
    await expectPreviousRuns(station, build, again, /^not an executable for this station: incomplete: 41943040 bytes/);
  }, 60_000);

  test("a damaged gzip: InstallationFailed; the same image gzip-compressed intact installs", async () => {
    const station = await installedStation();
    const build = (await firmwareReport(station)).build;
    const since = await update(station, badImages.corruptGzip());
    await firmwareStatus(station, "InstallationFailed", since);
    await expectPreviousRuns(station, build, since, /^the gzip image is damaged/);

    const packed = await update(station, badImages.gzipOf((await testImages()).good));
    await firmwareStatus(station, "Installed", packed, 60_000);
    expect((await untilRunning(station, newBuild)).profiles.FirmwareManagement.data.update?.outcome).toBe("Installed");
  }, 90_000);
});
