import { chmodSync, existsSync, mkdirSync, unlinkSync } from "node:fs";
import { createConnection, createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import * as v from "valibot";
import { type ControlAnswer, DiagRequest } from "../diag/diag-request.ts";
import { errorText } from "../log/logger.ts";
import type { Log } from "../station/ports.ts";

/** One request per connection, one JSON line each way. */
export const ControlRequest = v.variant("command", [
  v.object({ command: v.literal("sim"), args: v.array(v.pipe(v.string(), v.maxLength(100))) }),
  v.object({ command: v.literal("diag"), request: DiagRequest }),
]);
export type ControlRequest = v.InferOutput<typeof ControlRequest>;
export type { ControlAnswer };

/** Answers one request; `signal` aborts when the asking side goes away (e.g. Ctrl-C on a waiting diag rfid). */
export type ServeControl = (request: ControlRequest, signal: AbortSignal) => Promise<ControlAnswer> | ControlAnswer;

export const controlSocketName = "control.sock";
const maxRequestBytes = 64 * 1024;

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, controlSocketName);
}

/** Another station process already serves this data directory. */
export class StationAlreadyRunning extends Error {
  override name = "StationAlreadyRunning";
}

/**
 * The running station's control socket in dataDir (owner-only). Binding it is also the lock that
 * keeps a second station off the same database: a socket that answers means one is running.
 */
export async function listenControlSocket(dataDir: string, serve: ServeControl, log: Log): Promise<Server> {
  const path = controlSocketPath(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(path)) {
    if (await isAnswering(path)) throw new StationAlreadyRunning(`another station is running on ${dataDir} (its control socket ${path} answers)`);
    unlinkSync(path); // left behind by a power loss or crash
  }
  const server = createServer((socket) => handleConnection(socket, serve, log));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return server;
}

export function closeControlSocket(server: Server, dataDir: string): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    try {
      unlinkSync(controlSocketPath(dataDir));
    } catch {
      // already gone
    }
  });
}

function handleConnection(socket: Socket, serve: ServeControl, log: Log): void {
  let buffered = "";
  const gone = new AbortController();
  socket.on("close", () => gone.abort());
  socket.setEncoding("utf8");
  socket.on("error", (error) => log.debug("control connection error", { error: errorText(error) }));
  socket.on("data", async (chunk: string) => {
    buffered += chunk;
    if (buffered.length > maxRequestBytes) return void socket.end(answerLine({ ok: false, reason: "request too large" }));
    const newline = buffered.indexOf("\n");
    if (newline < 0) return;
    socket.end(answerLine(await answer(buffered.slice(0, newline), serve, log, gone.signal)));
  });
}

async function answer(line: string, serve: ServeControl, log: Log, signal: AbortSignal): Promise<ControlAnswer> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    return { ok: false, reason: "request is not JSON" };
  }
  const request = v.safeParse(ControlRequest, parsed);
  if (!request.success) return { ok: false, reason: `bad request: ${request.issues[0]?.message}` };
  try {
    return await serve(request.output, signal);
  } catch (error) {
    log.error("control request failed", { command: request.output.command, error: errorText(error) });
    return { ok: false, reason: `the station failed: ${errorText(error)}` };
  }
}

function answerLine(answer: ControlAnswer): string {
  return JSON.stringify(answer) + "\n";
}

/** Sends one request to the running station; undefined when no station answers on that socket. */
export function askStation(dataDir: string, request: ControlRequest, timeoutMs = 5_000): Promise<ControlAnswer | undefined> {
  const path = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    if (!existsSync(path)) return resolve(undefined);
    const socket = createConnection(path);
    let text = "";
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the station did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(JSON.stringify(request) + "\n"));
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("end", () => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(text) as ControlAnswer);
      } catch {
        reject(new Error(`the station gave an unreadable answer: ${text.slice(0, 200)}`));
      }
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (error.code === "ECONNREFUSED" || error.code === "ENOENT") resolve(undefined);
      else reject(error);
    });
  });
}

async function isAnswering(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection(path);
    socket.on("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });
}
