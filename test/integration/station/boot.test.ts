import { afterEach, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { TestCsms } from "../../support/test-csms.ts";
import { startStationProcess, type StationProcess } from "../../support/station-process.ts";
import { tempDir, writeStationConfig } from "../../support/temp-dir.ts";

let csms: TestCsms | undefined;
let station: StationProcess | undefined;
afterEach(async () => {
  await station?.stop();
  csms?.stop();
});

describe("the station process from source", () => {
  test("connects to <url>/<chargePointId>, boots and stays registered", async () => {
    csms = new TestCsms().start();
    const dir = tempDir();
    const config = writeStationConfig(dir, { centralSystem: { url: csms.url }, identity: { chargePointSerialNumber: "SN-0042" } });
    station = startStationProcess(["bun", join(import.meta.dir, "../../../src/main.ts"), "--config", config], dir);
    await csms.waitForCall("BootNotification");
    expect(csms.connections[0]?.chargePointId).toBe("CSC22B7-TEST");
    expect(csms.calls[0]?.payload).toEqual({ chargePointVendor: "CASTPRO", chargePointModel: "CSC-22B7", chargePointSerialNumber: "SN-0042", firmwareVersion: expect.any(String) });
    await station.waitForLine(/registration accepted/);
    expect(csms.schemaViolations).toEqual([]);
    expect(await station.stop()).toBe(0);
  });

  test("keeps retrying while the Central System is down and boots once it is up", async () => {
    const probe = new TestCsms().start();
    const port = probe.port;
    probe.stop();
    const dir = tempDir();
    const config = writeStationConfig(dir, { centralSystem: { url: `ws://127.0.0.1:${port}/ocpp`, reconnect: { minSec: 0.2, maxSec: 0.5 } } });
    station = startStationProcess(["bun", join(import.meta.dir, "../../../src/main.ts"), "--config", config], dir);
    await station.waitForLine(/connection refused/);
    csms = new TestCsms().start(port);
    await csms.waitForCall("BootNotification");
  });
});
