/**
 * A lean Central System for the benchmarks: answers the station at once (like the development one,
 * unless `answer` says otherwise), stamps each frame as it arrives, and times its own CALLs from the
 * moment the frame leaves to the moment the answer arrives, before anything looks at it.
 */
import type { Server, ServerWebSocket } from "bun";
import { type CsmsAnswer, DefaultCsmsAnswers } from "../../src/dev/csms-answers.ts";

export type StationCall = { action: string; payload: any; atMs: number };

export class LoopbackCsms {
  readonly calls: StationCall[] = [];
  answer: (action: string, payload: any) => CsmsAnswer | undefined = () => undefined;
  isRefusing = false;
  private readonly defaults: DefaultCsmsAnswers;
  private socket: ServerWebSocket<unknown> | undefined;
  private server: Server<unknown> | undefined;
  private readonly pending = new Map<string, (answer: { frame: unknown[]; ms: number }) => void>();
  private readonly sentAt = new Map<string, number>();
  private readonly waiters = new Set<() => void>();
  private readonly counts = new Map<string, number>();
  private counter = 0;

  constructor(options: { heartbeatIntervalSec?: number } = {}) {
    this.defaults = new DefaultCsmsAnswers(options.heartbeatIntervalSec ?? 60);
  }

  get url(): string {
    return `ws://127.0.0.1:${this.server!.port}/ocpp`;
  }

  get isConnected(): boolean {
    return this.socket !== undefined;
  }

  start(port = 0): this {
    this.server = Bun.serve({
      port,
      hostname: "127.0.0.1",
      fetch: (req, srv) => {
        if (this.isRefusing) return new Response("not now", { status: 503 });
        return srv.upgrade(req, { data: {}, headers: { "Sec-WebSocket-Protocol": "ocpp1.6" } }) ? undefined : new Response("upgrade expected", { status: 426 });
      },
      websocket: {
        open: (ws) => {
          this.socket = ws;
          this.notify();
        },
        close: () => {
          this.socket = undefined;
          this.notify();
        },
        message: (ws, message) => this.receive(ws, String(message)),
      },
    });
    return this;
  }

  stop(): void {
    this.server?.stop(true);
  }

  /** Sends a CALL; resolves with the answer frame and the milliseconds it took. */
  call(action: string, payload: unknown): Promise<{ frame: unknown[]; ms: number }> {
    const socket = this.socket;
    if (!socket) throw new Error("no station connected");
    const id = `b${++this.counter}`;
    const text = JSON.stringify([2, id, action, payload]);
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.sentAt.set(id, performance.now());
      socket.send(text);
    });
  }

  count(action: string): number {
    return this.counts.get(action) ?? 0;
  }

  /** How many StatusNotifications reported this status for this connector. */
  statusCount(connectorId: number, status: string): number {
    return this.counts.get(`StatusNotification ${connectorId} ${status}`) ?? 0;
  }

  async until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 100);
        const waiters = this.waiters;
        function done() {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        }
        waiters.add(done);
      });
    }
  }

  private receive(ws: ServerWebSocket<unknown>, text: string): void {
    const arrivedAt = performance.now();
    const frame = JSON.parse(text) as unknown[];
    if (frame[0] !== 2) {
      const id = String(frame[1]);
      const resolve = this.pending.get(id);
      this.pending.delete(id);
      resolve?.({ frame, ms: arrivedAt - this.sentAt.get(id)! });
      this.sentAt.delete(id);
      return;
    }
    const [, id, action, payload] = frame as [2, string, string, unknown];
    this.calls.push({ action, payload, atMs: arrivedAt });
    this.countOne(action);
    if (action === "StatusNotification") this.countOne(`StatusNotification ${(payload as any).connectorId} ${(payload as any).status}`);
    const answer = this.answer(action, payload) ?? this.defaults.answer(action, payload);
    ws.send(JSON.stringify("result" in answer ? [3, id, answer.result] : [4, id, answer.error, answer.description, {}]));
    this.notify();
  }

  private countOne(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
