import { chmodSync, existsSync, mkdirSync, unlinkSync } from "node:fs";
import { join } from "node:path";
import type { Socket, UnixSocketListener } from "bun";
import * as v from "valibot";
import { net } from "../built-ins.ts";
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

/** The listening control socket (`listenControlSocket`); `closeControlSocket` ends it. */
export type ControlServer = { readonly listener: UnixSocketListener<Connection>; readonly refusals: RefusalLog };

/**
 * The running station's control socket in dataDir (owner-only). Binding it is also the lock that
 * keeps a second station off the same database: a socket that answers means one is running.
 * Served with Bun's own sockets (Bun.listen), not node:net, whose stream machinery costs every start
 * about 8 ms before the first byte reaches the Central System (issue 18).
 */
export async function listenControlSocket(dataDir: string, serve: ServeControl, log: Log, limits = defaultControlLimits): Promise<ControlServer> {
  const path = controlSocketPath(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (existsSync(path)) {
    if (await isAnswering(path)) throw new StationAlreadyRunning(`another station is running on ${dataDir} (its control socket ${path} answers)`);
    unlinkSync(path); // left behind by a power loss or crash
  }
  const refusals = new RefusalLog(log, limits);
  let openConnections = 0;
  let refusedClosing = 0;
  const listener = Bun.listen<Connection>({
    unix: path,
    socket: {
      open(socket) {
        if (openConnections < limits.maxConnections) {
          openConnections++;
          socket.data = new Connection(socket, () => openConnections--);
          return serveConnection(socket.data, serve, log, limits.idleTimeoutMs);
        }
        refusals.refused();
        // Refused clients that do not go away must not pile up either: beyond that, no answer.
        if (refusedClosing >= 2 * limits.maxConnections) return void socket.terminate();
        refusedClosing++;
        socket.data = new Connection(socket, () => refusedClosing--);
        refuse(socket.data, `the station is busy: ${openConnections} control connections are open, the most it serves at once; try again shortly`);
      },
      data: (socket, chunk) => socket.data?.received(chunk),
      drain: (socket) => socket.data?.flush(),
      close: (socket) => socket.data?.closed(),
      error: (_socket, error) => log.debug("control connection error", { error: errorText(error) }),
    },
  });
  chmodSync(path, 0o600);
  return { listener, refusals };
}

export async function closeControlSocket(server: ControlServer, dataDir: string): Promise<void> {
  server.refusals.stop();
  server.listener.stop(true);
  try {
    unlinkSync(controlSocketPath(dataDir));
  } catch {
    // already gone
  }
}

/**
 * One client connection: what it sent, and the answer still to be written. Bun's sockets do not
 * queue writes: what `write` did not take is written again on `drain`, and the connection is closed
 * only once all of the answer is out.
 */
class Connection {
  onData: ((text: string) => void) | undefined;
  onClose: (() => void) | undefined;
  private readonly decoder = new TextDecoder();
  private unsent: Uint8Array | undefined;
  private isEnding = false;
  private isClosed = false;

  constructor(
    private readonly socket: Socket<Connection>,
    private readonly released: () => void,
  ) {}

  received(chunk: Uint8Array): void {
    this.onData?.(this.decoder.decode(chunk, { stream: true }));
  }

  /** Writes `text` (after whatever is still unsent). */
  send(text: string): void {
    if (this.isClosed || this.isEnding) return;
    const bytes = new TextEncoder().encode(text);
    this.unsent = this.unsent === undefined || this.unsent.length === 0 ? bytes : concat(this.unsent, bytes);
    this.flush();
  }

  /** Closes the connection once everything sent is out. */
  end(): void {
    if (this.isClosed || this.isEnding) return;
    this.isEnding = true;
    this.flush();
  }

  flush(): void {
    while (this.unsent !== undefined && this.unsent.length > 0 && !this.isClosed) {
      const written = this.socket.write(this.unsent);
      if (written <= 0) return; // the rest on drain
      this.unsent = this.unsent.subarray(written);
    }
    if (this.isEnding && !this.isClosed) this.socket.end();
  }

  closed(): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.released();
    this.onClose?.();
  }
}

function endWith(connection: Connection, text: string): void {
  connection.send(text);
  connection.end();
}

function concat(first: Uint8Array, second: Uint8Array): Uint8Array {
  const both = new Uint8Array(first.length + second.length);
  both.set(first);
  both.set(second, first.length);
  return both;
}

/**
 * One request, one answer, then the connection is closed. A client that sends no request holds a
 * connection for nothing: it is answered and closed after `idleTimeoutMs`. Serving the request has no
 * time limit here (a `diag rfid` waits for its card as long as it asked).
 */
function serveConnection(connection: Connection, serve: ServeControl, log: Log, idleTimeoutMs: number): void {
  let buffered = "";
  let isReading = true;
  const gone = new AbortController();
  const idle = setTimeout(() => {
    isReading = false;
    endWith(connection, answerLine({ ok: false, reason: `no request within ${idleTimeoutMs / 1000} s` }));
  }, idleTimeoutMs);
  connection.onClose = () => {
    clearTimeout(idle);
    gone.abort();
  };
  connection.onData = async (chunk) => {
    // One request: whatever comes after it, or after the timeout, is not one more.
    if (!isReading) return;
    buffered += chunk;
    const newline = buffered.indexOf("\n");
    if (newline < 0 && buffered.length <= maxRequestBytes) return;
    isReading = false;
    clearTimeout(idle);
    endWith(connection, answerLine(newline < 0 ? { ok: false, reason: "request too large" } : await answer(buffered.slice(0, newline), serve, log, gone.signal)));
  };
}

/**
 * The answer goes out at once; the connection is closed once the client has sent its request, or after
 * a grace: closing before its request arrives would fail the client's write and could lose it the answer.
 */
function refuse(connection: Connection, reason: string): void {
  const grace = setTimeout(() => connection.end(), refusedGraceMs);
  connection.onClose = () => clearTimeout(grace);
  connection.onData = () => connection.end();
  connection.send(answerLine({ ok: false, reason }));
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
    const socket = net().createConnection(path);
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
  try {
    const socket = await Bun.connect({ unix: path, socket: { data() {} } });
    socket.terminate();
    return true;
  } catch {
    return false;
  }
}
