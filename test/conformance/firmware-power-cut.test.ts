/**
 * Issue 16: a power cut (SIGKILL, then the same executable started again) at each step of an update,
 * through the compiled binary. In every case a good executable runs at the end, diag says which, and
 * the Central System hears Installed or InstallationFailed.
 */
import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { binaryPath } from "../support/binary.ts";
import { eventually } from "../support/eventually.ts";
import { newBuild, servesPath, testImages } from "../support/firmware-images.ts";
import { C, call, conformanceHooks, type ConformanceStation, expectInOrder, matching, observe, OTHER, status, VALID2 } from "./harness.ts";
import { fileServer, firmwareReport, firmwareStatus, firmwareStatuses, installedStation, stopFileServers, untilRunning } from "./firmware-station.ts";

conformanceHooks();
beforeAll(() => testImages(), 120_000);
afterEach(() => stopFileServers());

function requestUpdate(station: ConformanceStation, location: string) {
  return station.request("UpdateFirmware", { location, retrieveDate: new Date().toISOString(), retryInterval: 1 });
}

function expectNewImageInstalled(station: ConformanceStation, since: number, good: string) {
  expect(readFileSync(station.executable).equals(readFileSync(good))).toBe(true);
  expect(readFileSync(`${station.executable}.previous`).equals(readFileSync(binaryPath))).toBe(true);
  expect(firmwareStatuses(station, since).filter((s) => s === "Installed")).toEqual(["Installed"]);
  expect(station.csms.schemaViolations).toEqual([]);
}

describe("Firmware update across a power cut (issue 16)", () => {
  test("while downloading: the next start resumes the download where it stopped (Range) and the update installs", async () => {
    const { good } = await testImages();
    const size = statSync(good).size;
    const files = fileServer();
    let isStalling = true;
    files.routes.set("/fw/image", (req) => {
      if (!isStalling) return servesPath(good)(req);
      // The first answer sends 20 MB and then nothing more: the power goes while it hangs there.
      const head = Bun.file(good).slice(0, 20 * 1024 * 1024);
      return new Response(new ReadableStream({ async start(controller) { controller.enqueue(new Uint8Array(await head.arrayBuffer())); } }), { headers: { "Content-Length": String(size) } });
    });
    const station = await installedStation();
    const since = station.mark();
    expect(await requestUpdate(station, files.url("/fw/image"))).toEqual({});
    const partial = join(station.cwd, "data", "firmware", "download");
    await eventually(async () => (statSync(partial, { throwIfNoEntry: false })?.size ?? 0), (bytes) => bytes >= 20 * 1024 * 1024, "20 MB downloaded");
    isStalling = false;
    await station.powerCycle();

    await firmwareStatus(station, "Installed", since, 60_000);
    const resumed = files.requests.filter((r) => r.path === "/fw/image").at(-1)!;
    expect(resumed.headers.get("range")).toBe(`bytes=${20 * 1024 * 1024}-`);
    await untilRunning(station, newBuild);
    expectNewImageInstalled(station, since, good);
  }, 120_000);

  test("after the download, while the install waits for a transaction: the idle connector is Unavailable and refuses a remote start; after the cut the transaction is stopped (PowerLoss) and the update installs", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/image", servesPath(good));
    const station = await installedStation();
    const transactionId = await station.rsCharging(C);
    const since = station.mark();
    expect(await requestUpdate(station, files.url("/fw/image"))).toEqual({});
    await firmwareStatus(station, "Downloaded", since);
    await station.waitFor(status(OTHER, "Unavailable"), since);
    await station.sim("plug", String(OTHER));
    expect(await station.request("RemoteStartTransaction", { connectorId: OTHER, idTag: VALID2 })).toEqual({ status: "Rejected" });
    await observe(2_000);
    expect(matching(station.callsSince(since), call("StartTransaction"))).toEqual([]);
    expect(station.statuses(C, since)).toEqual([]);
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "Downloaded"]);
    expect((await firmwareReport(station)).profiles.FirmwareManagement.lines.join("\n")).toContain("out of service, waiting for the transactions to end");

    await station.powerCycle();
    await firmwareStatus(station, "Installed", since, 60_000);
    expectInOrder(station.callsSince(since), [
      call("StopTransaction", { transactionId, reason: "PowerLoss" }),
      call("FirmwareStatusNotification", { status: "Installing" }),
      call("FirmwareStatusNotification", { status: "Installed" }),
    ]);
    await untilRunning(station, newBuild);
    expectNewImageInstalled(station, since, good);
  }, 120_000);

  test("in the middle of the replace (the previous one kept, the rename not done): the next start finishes it and the new executable reports Installed", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/image", servesPath(good));
    const station = await installedStation({ env: { CSC22B7_TEST_FIRMWARE_REPLACE_PAUSE_MS: "30000" } });
    const since = station.mark();
    expect(await requestUpdate(station, files.url("/fw/image"))).toEqual({});
    await station.untilLogged(/firmware replace paused for a test/, 1, 60_000);
    // The cut comes after the previous executable was kept and before the new one was renamed over it.
    expect(readFileSync(`${station.executable}.previous`).equals(readFileSync(binaryPath))).toBe(true);
    expect(readFileSync(station.executable).equals(readFileSync(binaryPath))).toBe(true);
    await station.powerCycle();

    await firmwareStatus(station, "Installed", since, 60_000);
    await untilRunning(station, newBuild);
    expectNewImageInstalled(station, since, good);
  }, 120_000);

  test("during the first boot of the new image (its BootNotification unanswered): the previous executable, still at its path, runs and reports InstallationFailed", async () => {
    const { good } = await testImages();
    const files = fileServer();
    files.routes.set("/fw/image", servesPath(good));
    const station = await installedStation();
    const oldBuild = (await firmwareReport(station)).build;
    const since = station.mark();
    const answer = station.csms.answer;
    let isHoldingBoots = false;
    station.csms.answer = (c) => (isHoldingBoots && c.action === "BootNotification" ? new Promise(() => {}) : answer(c));
    expect(await requestUpdate(station, files.url("/fw/image"))).toEqual({});
    await firmwareStatus(station, "Installing", since);
    isHoldingBoots = true;
    await station.untilLogged(/firmware on trial/, 1, 30_000);
    const trial = await eventually(() => firmwareReport(station), (r) => r.profiles.FirmwareManagement.data.trial?.watchdogPid != null, "the trial in diag");
    // A power cut stops every process: the station and the watchdog.
    process.kill(trial.profiles.FirmwareManagement.data.trial!.watchdogPid!, "SIGKILL");
    isHoldingBoots = false;
    await station.powerCycle();

    await firmwareStatus(station, "InstallationFailed", since, 30_000);
    const report = await untilRunning(station, oldBuild);
    expect(report.profiles.FirmwareManagement.data.update?.reason).toMatch(/did not register with the Central System \(it stopped, or the power was cut\)/);
    expect(readFileSync(station.executable).equals(readFileSync(binaryPath))).toBe(true);
    expect(statSync(`${station.executable}.new`, { throwIfNoEntry: false })).toBeUndefined();
    expect(firmwareStatuses(station, since)).toEqual(["Downloading", "Downloaded", "Installing", "InstallationFailed"]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, 120_000);
});
