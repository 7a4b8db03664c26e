import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { createConnection, type Socket } from "node:net";
import { join } from "node:path";
import { defaultControlLimits } from "../../src/control/control-socket.ts";
import { binaryPath, buildBinary, diagJson } from "../support/binary.ts";
import { startStationProcess, type StationProcess } from "../support/station-process.ts";
import { TestCsms } from "../support/test-csms.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: StationProcess | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await station?.stop();
  csms?.stop();
});

type HeldConnection = { answer: string; isClosed: boolean };

/** Connections to the control socket that never send a request, as an attacker holds them. */
function holdIdleConnections(path: string, count: number): HeldConnection[] {
  return Array.from({ length: count }, () => {
    const held: HeldConnection = { answer: "", isClosed: false };
    const socket = createConnection(path);
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => (held.answer += chunk));
    socket.on("close", () => (held.isClosed = true));
    socket.on("error", () => {});
    sockets.push(socket);
    return held;
  });
}

describe("the compiled station's control socket under a flood of connections", () => {
  test("refuses connections beyond its cap with a busy answer, closes idle ones, logs it sparingly and keeps its Central System link", async () => {
    csms = new TestCsms().start();
    const cwd = tempDir();
    const config = writeStationConfig(cwd, { centralSystem: { url: csms.url, reconnect: { minSec: 1, maxSec: 2 } }, ocpp: { MinimumStatusDuration: 0 } });
    // A small file-descriptor limit, so that the flood would take them all (the lab held 20,000 under the default limit).
    station = startStationProcess(["sh", "-c", 'ulimit -n 200 && exec "$0" "$@"', binaryPath, "--config", config], cwd);
    await station.waitForLine(/registration accepted/);

    const { maxConnections, idleTimeoutMs } = defaultControlLimits;
    const held = holdIdleConnections(join(cwd, "data", "control.sock"), 400);
    const closed = () => held.filter((connection) => connection.isClosed);
    await csms.until(() => closed().length >= held.length - maxConnections, 10_000, "the connections beyond the cap to be refused and closed");
    // Refused clients are told so, until too many of them are still around: those are closed without an answer.
    const answers = closed().map((connection) => connection.answer);
    const busyAnswers = answers.filter((answer) => answer !== "").map((answer) => JSON.parse(answer));
    expect(busyAnswers.length).toBeGreaterThanOrEqual(maxConnections);
    for (const answer of busyAnswers) expect(answer).toEqual({ ok: false, reason: expect.stringContaining("the station is busy") });

    // With its file descriptors left to it, the station gets its Central System link back at once.
    const connectionsBefore = csms.connections.length;
    csms.dropConnections();
    await csms.until(() => csms!.connections.length > connectionsBefore && csms!.isStationConnected, 10_000, "the station to reconnect");

    await csms.until(() => closed().length === held.length, idleTimeoutMs + 5_000, "the idle connections to be closed");
    const timedOut = held.filter((connection) => connection.answer.includes("no request within"));
    expect(timedOut.length).toBeGreaterThan(0);
    expect(timedOut.length).toBeLessThanOrEqual(maxConnections);
    expect(await diagJson(config, cwd)).toMatchObject({ running: true, connection: "connected" });
    const refusalLines = station.output().split("\n").filter((line) => line.includes("control connections refused"));
    expect(refusalLines.length).toBeGreaterThanOrEqual(1);
    expect(refusalLines.length).toBeLessThanOrEqual(2);
    expect(station.output()).not.toContain("EMFILE");
  }, 40_000);
});
