import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { binaryPath, buildBinary, runToEnd } from "../support/binary.ts";
import { startStationProcess, type StationProcess } from "../support/station-process.ts";
import { TestCsms } from "../support/test-csms.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";
import { eventually } from "../support/eventually.ts";

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: StationProcess | undefined;
afterEach(async () => {
  await station?.stop();
  csms?.stop();
});

async function runningStation() {
  csms = new TestCsms().start();
  const cwd = tempDir();
  const config = writeStationConfig(cwd, { centralSystem: { url: csms.url }, ocpp: { MinimumStatusDuration: 0 } });
  station = startStationProcess([binaryPath, "--config", config], cwd);
  await station.waitForLine(/registration accepted/);
  const sim = (...args: string[]) => runToEnd([binaryPath, "sim", ...args, "--config", config], cwd);
  return { csms, station, sim, config, cwd };
}

describe("csc22b7 sim against the compiled station", () => {
  test("plug, swipe and unplug drive a whole charging session", async () => {
    const { csms, station, sim } = await runningStation();
    expect(await sim("plug", "1")).toMatchObject({ exitCode: 0, stdout: "EV plugged in on connector 1\n" });
    await station.waitForLine(/action=plug/);
    expect((await sim("swipe", "04A2B3C4")).exitCode).toBe(0);
    await csms.waitForCall("StartTransaction");
    expect(csms.calls.find((c) => c.action === "StartTransaction")?.payload).toMatchObject({ connectorId: 1, idTag: "04A2B3C4" });
    expect((await sim("swipe", "04A2B3C4")).exitCode).toBe(0);
    await csms.waitForCall("StopTransaction");
    expect((await sim("unplug", "1")).exitCode).toBe(0);
    const connector1 = () => csms.calls.filter((c) => c.action === "StatusNotification" && c.payload.connectorId === 1).map((c) => c.payload.status);
    await csms.until(() => connector1().at(-1) === "Available" && connector1().includes("Finishing"), 10_000, "connector 1 Available again");
    expect(connector1()).toEqual(["Available", "Preparing", "SuspendedEV", "Charging", "Finishing", "Available"]);
    expect(csms.schemaViolations).toEqual([]);
  }, 30_000);

  test("every swipe is read before sim returns and before the next action, however soon it follows the last one", async () => {
    // Offline, as the lab found it: no Central System, the card starts and stops the transaction itself.
    const cwd = tempDir();
    const config = writeStationConfig(cwd, { ocpp: { AllowOfflineTxForUnknownId: true, MinimumStatusDuration: 0 } });
    station = startStationProcess([binaryPath, "--config", config], cwd);
    await station.waitForLine(/connecting to the Central System/);
    const sim = (...args: string[]) => runToEnd([binaryPath, "sim", ...args, "--config", config], cwd);
    // Swipe, swipe again while the card is still held, then unplug and plug at once: the lab means this order.
    for (const action of [["plug", "1"], ["swipe", "04A2B3C4"], ["swipe", "04A2B3C4"], ["unplug", "1"], ["plug", "1"]]) {
      expect(await sim(...action)).toMatchObject({ exitCode: 0 });
    }
    // The station logs "simulation" once an action has taken effect, and the card as its reader reads it.
    const logged = (pattern: RegExp) => station!.output().split("\n").flatMap((line) => pattern.exec(line)?.slice(1, 2) ?? []);
    const simAndCards = () => logged(/(simulation action=\S+|card presented)/);
    const transactions = () => logged(/(transaction (?:started|stopped)(?:.* reason=\w+)?)/).map((line) => line.replace(/ connectorId.* reason=/, " "));
    await eventually(async () => [...simAndCards(), ...transactions()], (seen) => seen.filter((line) => line === "card presented").length >= 2 && seen.some((line) => line.startsWith("transaction stopped")), "both cards and the stop logged");
    expect(simAndCards()).toEqual([
      "simulation action=plug",
      "card presented",
      "simulation action=swipe",
      "card presented",
      "simulation action=swipe",
      "simulation action=unplug",
      "simulation action=plug",
    ]);
    expect(transactions()).toEqual(["transaction started", "transaction stopped Local"]);
  }, 30_000);

  test("each bad call gets a clear error and a non-zero exit", async () => {
    const { sim } = await runningStation();
    const unknown = await sim("fly", "1");
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('unknown action "fly"');
    const noConnector = await sim("plug", "9");
    expect([noConnector.exitCode, noConnector.stderr]).toEqual([1, "csc22b7 sim: connector 9 does not exist: use 1 or 2\n"]);
    const missing = await sim("plug");
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("plug takes one argument");
  });

  test("says so when the station is not running or the board is not virtual", async () => {
    const cwd = tempDir();
    const config = writeStationConfig(cwd);
    const notRunning = await runToEnd([binaryPath, "sim", "plug", "1", "--config", config], cwd);
    expect(notRunning.exitCode).toBe(1);
    expect(notRunning.stderr).toContain("the station is not running");
    const firmata = writeStationConfig(tempDir(), { hardware: { board: "firmata", port: "/dev/ttyACM0" } });
    const notVirtual = await runToEnd([binaryPath, "sim", "plug", "1", "--config", firmata], cwd);
    expect(notVirtual.exitCode).toBe(1);
    expect(notVirtual.stderr).toContain("not virtual");
  });

  test("a second station on the same data directory refuses to start", async () => {
    const { config, cwd } = await runningStation();
    const second = await runToEnd([binaryPath, "--config", config], cwd);
    expect(second.exitCode).toBe(1);
    expect(second.stdout).toContain("another station is running");
  });
});
