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
/** How long a refused client has to send its request (closing earlier would fail its write and lose the answer). */
const refusedGraceMs = 1_000;

/** What keeps a flood of control connections from taking the file descriptors the station needs. */
export type ControlLimits = {
  /** Connections served at once; one more is answered that the station is busy, and closed. */
  maxConnections: number;
  /** A connection is closed when it sends no request for this long, or is still open this long after its answer. */
  idleTimeoutMs: number;
  /** Refused connections are logged at most once per interval. */
  refusalLogIntervalMs: number;
};

/**
 * A client sends its request as soon as it is connected, and a lab runs a few sims and diags at once; the
 * station itself needs a few dozen file descriptors, and a small system allows 1,024.
 */
export const defaultControlLimits: ControlLimits = { maxConnections: 32, idleTimeoutMs: 5_000, refusalLogIntervalMs: 60_000 };

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
export async function listenControlSocket(dataDir: string, serve: ServeControl, log: Log, limits = defaultControlLimits): Promise<Server> {
  const path = controlSocketPath(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(path)) {
    if (await isAnswering(path)) throw new StationAlreadyRunning(`another station is running on ${dataDir} (its control socket ${path} answers)`);
    unlinkSync(path); // left behind by a power loss or crash
  }
  const refusals = new RefusalLog(log, limits);
  let openConnections = 0;
  let refusedClosing = 0;
  const server = createServer((socket) => {
    if (openConnections < limits.maxConnections) {
      openConnections++;
      socket.once("close", () => openConnections--);
      return handleConnection(socket, serve, log, limits.idleTimeoutMs);
    }
    refusals.refused();
    // Refused clients that do not go away must not pile up either: beyond that, no answer.
    if (refusedClosing >= 2 * limits.maxConnections) return void socket.destroy();
    refusedClosing++;
    socket.once("close", () => refusedClosing--);
    refuse(socket, `the station is busy: ${openConnections} control connections are open, the most it serves at once; try again shortly`);
  });
  server.once("close", () => refusals.stop());
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

/**
 * One request, one answer. A client that sends no request, or stays after its answer, holds a
 * connection for nothing: it is closed after `idleTimeoutMs`. Serving the request has no time limit
 * here (a `diag rfid` waits for its card as long as it asked).
 */
function handleConnection(socket: Socket, serve: ServeControl, log: Log, idleTimeoutMs: number): void {
  let buffered = "";
  let isReading = true;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const gone = new AbortController();
  const finish = (answer: ControlAnswer) => {
    if (socket.destroyed) return;
    socket.end(answerLine(answer));
    idle = setTimeout(() => socket.destroy(), idleTimeoutMs);
  };
  idle = setTimeout(() => {
    isReading = false;
    finish({ ok: false, reason: `no request within ${idleTimeoutMs / 1000} s` });
  }, idleTimeoutMs);
  socket.on("close", () => {
    clearTimeout(idle);
    gone.abort();
  });
  socket.setEncoding("utf8");
  socket.on("error", (error) => log.debug("control connection error", { error: errorText(error) }));
  socket.on("data", async (chunk: string) => {
    // One request: whatever comes after it, or after the timeout, is not one more.
    if (!isReading) return;
    buffered += chunk;
    const newline = buffered.indexOf("\n");
    if (newline < 0 && buffered.length <= maxRequestBytes) return;
    isReading = false;
    clearTimeout(idle);
    finish(newline < 0 ? { ok: false, reason: "request too large" } : await answer(buffered.slice(0, newline), serve, log, gone.signal));
  });
}

/** The answer goes out at once; the connection is closed as soon as the client has sent its request, or after a grace. */
function refuse(socket: Socket, reason: string): void {
  const grace = setTimeout(() => socket.destroy(), refusedGraceMs);
  socket.on("close", () => clearTimeout(grace));
  socket.on("error", () => {});
  socket.on("data", () => socket.destroy());
  socket.end(answerLine({ ok: false, reason }));
}

/** Refused connections come in floods: the first is logged at once, the rest at most once per interval, counted. */
class RefusalLog {
  private refusedSinceLine = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly log: Log,
    private readonly limits: ControlLimits,
  ) {}

  refused(): void {
    if (this.timer) return void this.refusedSinceLine++;
    this.log.warn("control connections refused: too many open", { refused: 1, max: this.limits.maxConnections });
    this.startInterval();
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private startInterval(): void {
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.refusedSinceLine === 0) return;
      const withinSec = this.limits.refusalLogIntervalMs / 1000;
      this.log.warn("control connections refused: too many open", { refused: this.refusedSinceLine, max: this.limits.maxConnections, withinSec });
      this.refusedSinceLine = 0;
      this.startInterval();
    }, this.limits.refusalLogIntervalMs);
    this.timer.unref();
  }
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

/**
 * Sends one request to the running station; undefined when no station answers on that socket. An answer
 * counts even when sending the request failed: a busy station answers and closes without reading it.
 */
export function askStation(dataDir: string, request: ControlRequest, timeoutMs = 5_000): Promise<ControlAnswer | undefined> {
  const path = controlSocketPath(dataDir);
  return new Promise((resolve, reject) => {
    if (!existsSync(path)) return resolve(undefined);
    const socket = createConnection(path);
    let text = "";
    let failure: NodeJS.ErrnoException | undefined;
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the station did not answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.setEncoding("utf8");
    socket.on("connect", () => socket.write(JSON.stringify(request) + "\n"));
    socket.on("data", (chunk: string) => (text += chunk));
    socket.on("error", (error: NodeJS.ErrnoException) => (failure = error));
    socket.on("close", () => {
      clearTimeout(timer);
      if (text === "" && failure) {
        if (failure.code === "ECONNREFUSED" || failure.code === "ENOENT") return resolve(undefined);
        const isCutOff = failure.code === "EPIPE" || failure.code === "ECONNRESET";
        return reject(isCutOff ? new Error("the station closed the connection without an answer (too busy?); try again", { cause: failure }) : failure);
      }
      try {
        resolve(JSON.parse(text) as ControlAnswer);
      } catch {
        reject(new Error(`the station gave an unreadable answer: ${text.slice(0, 200)}`));
      }
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
