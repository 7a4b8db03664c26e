import { afterEach, describe, expect, test } from "bun:test";
import { createConnection, type Socket } from "node:net";
import {
  askStation, closeControlSocket, controlSocketPath, type ControlLimits, type ControlRequest, type ControlServer, listenControlSocket, type ServeControl,
} from "../../../src/control/control-socket.ts";
import { eventually } from "../../support/eventually.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { RecordingLog } from "../../support/virtual-rig.ts";

const servers: { server: ControlServer; dataDir: string }[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  for (const { server, dataDir } of servers.splice(0)) await closeControlSocket(server, dataDir);
});

const limits: ControlLimits = { maxConnections: 2, idleTimeoutMs: 300, refusalLogIntervalMs: 500 };
const sim: ControlRequest = { command: "sim", args: ["plug", "1"] };
const busy = { ok: false, reason: "the station is busy: 2 control connections are open, the most it serves at once; try again shortly" };

async function listening(serve: ServeControl = () => ({ ok: true, message: "done" })) {
  const dataDir = tempDir();
  const log = new RecordingLog();
  const server = await listenControlSocket(dataDir, serve, log, limits);
  servers.push({ server, dataDir });
  return { dataDir, log, path: controlSocketPath(dataDir) };
}

type Client = { answer: string; closed: Promise<void>; socket: Socket };

/**
 * A raw client: sends `text` once connected (nothing when undefined) and collects what comes back. With
 * `isStaying` it never closes its side, even after the station has closed its own.
 */
async function connect(path: string, text?: string, isStaying = false): Promise<Client> {
  const socket = createConnection({ path, allowHalfOpen: isStaying });
  sockets.push(socket);
  const client: Client = { answer: "", closed: new Promise((resolve) => socket.on("close", () => resolve())), socket };
  socket.setEncoding("utf8");
  socket.on("data", (chunk: string) => (client.answer += chunk));
  socket.on("error", () => {});
  await new Promise<void>((resolve) => socket.on("connect", () => resolve()));
  if (text !== undefined) socket.write(text);
  return client;
}

const answerOf = async (client: Client) => {
  await client.closed;
  return JSON.parse(client.answer);
};

describe("control socket limits", () => {
  test("answers a client that sends no request within the idle timeout, then closes it", async () => {
    const { path } = await listening();
    const client = await connect(path);
    const startedAt = Date.now();
    expect(await answerOf(client)).toEqual({ ok: false, reason: "no request within 0.3 s" });
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(250);
  });

  test("closes each connection with its answer: clients that would stay hold no place", async () => {
    const { dataDir, path } = await listening();
    const staying = [await connect(path, JSON.stringify(sim) + "\n", true), await connect(path, JSON.stringify(sim) + "\n", true)];
    await eventually(async () => staying.map((client) => client.answer), (answers) => answers.every((answer) => answer.endsWith("\n")), "both answers", 2_000);
    expect(staying.map((client) => JSON.parse(client.answer))).toEqual([{ ok: true, message: "done" }, { ok: true, message: "done" }]);
    expect(await askStation(dataDir, sim)).toEqual({ ok: true, message: "done" });
  });

  test("an answer larger than the socket takes at once arrives whole", async () => {
    const message = "x".repeat(3_000_000);
    const { dataDir } = await listening(() => ({ ok: true, message }));
    expect(await askStation(dataDir, sim)).toEqual({ ok: true, message });
  });

  test("refuses a connection beyond the cap with a busy answer and serves again once a slot is free", async () => {
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const { dataDir, path } = await listening(async () => {
      await gate;
      return { ok: true, message: "done" };
    });
    const waiting = await connect(path, JSON.stringify(sim) + "\n");
    const idle = await connect(path);
    expect(await askStation(dataDir, sim)).toEqual(busy);
    release();
    expect(await answerOf(waiting)).toEqual({ ok: true, message: "done" });
    await idle.closed;
    expect(await askStation(dataDir, sim)).toEqual({ ok: true, message: "done" });
  });

  test("keeps serving a request that takes longer than the idle timeout", async () => {
    const { dataDir } = await listening(() => new Promise((resolve) => setTimeout(() => resolve({ ok: true, message: "late" }), 700)));
    expect(await askStation(dataDir, sim)).toEqual({ ok: true, message: "late" });
  });

  test("logs refused connections once, then at most once an interval with how many", async () => {
    const { dataDir, path, log } = await listening();
    await connect(path);
    await connect(path);
    for (let i = 0; i < 20; i++) expect(await askStation(dataDir, sim)).toEqual(busy);
    const refusalLines = () => log.lines.filter((line) => line.message === "control connections refused: too many open").map((line) => line.fields);
    expect(refusalLines()).toEqual([{ refused: 1, max: 2 }]);
    await eventually(async () => refusalLines(), (lines) => lines.length > 1, "the interval's line", 2_000);
    expect(refusalLines()).toEqual([
      { refused: 1, max: 2 },
      { refused: 19, max: 2, withinSec: 0.5 },
    ]);
  });

  test("serves a request once, whatever the client sends while it is served", async () => {
    let served = 0;
    let release = () => {};
    const { path } = await listening(() => {
      served++;
      return new Promise((resolve) => (release = () => resolve({ ok: true, message: `served ${served}` })));
    });
    const client = await connect(path, JSON.stringify(sim) + "\n");
    await eventually(async () => served, (count) => count > 0, "the request to be served", 2_000);
    client.socket.write(JSON.stringify(sim) + "\n");
    await Bun.sleep(50); // nothing to wait for: the point is that nothing happens
    release();
    expect(await answerOf(client)).toEqual({ ok: true, message: "served 1" });
    expect(served).toBe(1);
  });
});
