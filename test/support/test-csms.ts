/**
 * A Central System for tests, on a real WebSocket (Bun.serve, port 0). It answers the station like
 * the development Central System unless a test says otherwise, records every frame, checks every
 * frame the station sends against the official JSON schemas, and can send CALLs to the station.
 */
import type { Server, ServerWebSocket } from "bun";
import type { ValidateFunction } from "ajv";
import { DefaultCsmsAnswers, type CsmsAnswer } from "../../src/dev/csms-answers.ts";
import { compileOfficial, createAjv, loadOfficialSchemas } from "./ocpp-json-schemas.ts";

type Connection = { chargePointId: string; authorization: string | null };
export type ReceivedCall = { chargePointId: string; id: string; action: string; payload: any; at: number };
/** Return undefined to fall back to the default answer; a promise delays the answer. */
export type AnswerFn = (call: ReceivedCall) => CsmsAnswer | undefined | Promise<CsmsAnswer | undefined>;

let validators: Map<string, ValidateFunction> | undefined;
function officialValidator(action: string, direction: "request" | "response"): ValidateFunction | undefined {
  if (!validators) {
    const ajv = createAjv();
    validators = new Map(loadOfficialSchemas().map((schema) => [`${schema.action}/${schema.direction}`, compileOfficial(ajv, schema)]));
  }
  return validators.get(`${action}/${direction}`);
}

export class TestCsms {
  readonly calls: ReceivedCall[] = [];
  /** Frames from the station that break the official schemas; a conforming station leaves this empty. */
  readonly schemaViolations: string[] = [];
  /** Every frame from the station in the order it arrived: `CALL <action>`, `CALLRESULT <id>`, `CALLERROR <id>`. */
  readonly arrivals: string[] = [];
  readonly connections: Connection[] = [];
  /** Files the station uploaded (GetLog, GetDiagnostics) by HTTP PUT to `<httpUrl>/upload/…`, by path. */
  readonly uploads = new Map<string, string>();
  /**
   * How the upload server answers a PUT: a status (403 refuses), after a delay in ms (a slow upload).
   * Read as each PUT arrives: a test changing it waits for `uploadsBegun` first.
   */
  uploadAnswer: { status: number; delayMs: number } = { status: 201, delayMs: 0 };
  /** PUTs that have arrived, answered or not yet. */
  uploadsBegun = 0;
  answer: AnswerFn = () => undefined;
  acceptUpgrade: (req: Request) => Response | undefined = () => undefined;
  private readonly defaults = new DefaultCsmsAnswers();
  private readonly sockets = new Set<ServerWebSocket<Connection>>();
  private readonly pendingCalls = new Map<string, { action: string; resolve(frame: unknown[]): void }>();
  private readonly waiters = new Set<() => void>();
  private server: Server<Connection> | undefined;
  private callCounter = 0;

  get url(): string {
    return `ws://127.0.0.1:${this.server!.port}/ocpp`;
  }

  /** Where the station may upload files (HTTP PUT); they land in `uploads`. */
  get uploadUrl(): string {
    return `http://127.0.0.1:${this.server!.port}/upload`;
  }

  get port(): number {
    return this.server!.port!;
  }

  get isStationConnected(): boolean {
    return this.sockets.size > 0;
  }

  actions(): string[] {
    return this.calls.map((call) => call.action);
  }

  start(port = 0): this {
    this.server = Bun.serve<Connection>({
      port,
      hostname: "127.0.0.1",
      fetch: async (req, srv) => {
        if (req.method === "PUT") return this.receiveUpload(req);
        const refusal = this.acceptUpgrade(req);
        if (refusal) return refusal;
        const data = { chargePointId: decodeURIComponent(new URL(req.url).pathname.split("/").pop()!), authorization: req.headers.get("authorization") };
        return srv.upgrade(req, { data, headers: { "Sec-WebSocket-Protocol": "ocpp1.6" } }) ? undefined : new Response("upgrade expected", { status: 426 });
      },
      websocket: {
        open: (ws) => {
          this.sockets.add(ws);
          this.connections.push(ws.data);
          this.notify();
        },
        close: (ws) => {
          this.sockets.delete(ws);
          this.notify();
        },
        message: (ws, message) => void this.receive(ws, String(message)),
      },
    });
    return this;
  }

  /** Sends a CALL to the connected station and resolves with its answer frame ([3,…] or [4,…]). */
  call(action: string, payload: unknown): Promise<unknown[]> {
    const id = `csms-${++this.callCounter}`;
    const socket = [...this.sockets][0];
    if (!socket) throw new Error("no station connected");
    return new Promise((resolve) => {
      this.pendingCalls.set(id, { action, resolve });
      socket.send(JSON.stringify([2, id, action, payload]));
    });
  }

  /** Sends raw text (malformed frames for robustness tests). */
  sendRaw(text: string): void {
    for (const socket of this.sockets) socket.send(text);
  }

  /** Resolves when `condition` holds, re-checked after every frame and connection change. */
  async until(condition: () => boolean, timeoutMs = 10_000, what = "condition"): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!condition()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; station sent: ${this.actions().join(", ")}`);
      await new Promise<void>((resolve) => {
        const wake = () => {
          this.waiters.delete(wake);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(wake, 50);
        this.waiters.add(wake);
      });
    }
  }

  waitForCall(action: string, count = 1, timeoutMs?: number): Promise<void> {
    return this.until(() => this.calls.filter((call) => call.action === action).length >= count, timeoutMs, `${count}× ${action}`);
  }

  dropConnections(code = 1001): void {
    for (const socket of this.sockets) socket.close(code, "dropped by test");
  }

  stop(): void {
    this.server?.stop(true);
  }

  private async receiveUpload(req: Request): Promise<Response> {
    const { status, delayMs } = this.uploadAnswer;
    this.uploadsBegun++;
    this.notify();
    const body = await req.text();
    if (delayMs > 0) await Bun.sleep(delayMs);
    if (status < 300) this.uploads.set(new URL(req.url).pathname, body);
    this.notify();
    return new Response(null, { status });
  }

  private async receive(ws: ServerWebSocket<Connection>, text: string): Promise<void> {
    let frame: unknown[];
    try {
      frame = JSON.parse(text);
    } catch {
      this.schemaViolations.push(`not JSON: ${text}`);
      return;
    }
    const kind = frame[0] === 2 ? "CALL" : frame[0] === 3 ? "CALLRESULT" : frame[0] === 4 ? "CALLERROR" : `type ${frame[0]}`;
    this.arrivals.push(`${kind} ${frame[0] === 2 ? frame[2] : frame[1]}`);
    if (frame[0] === 2) return this.receiveCall(ws, frame);
    const pending = this.pendingCalls.get(String(frame[1]));
    if (!pending) return void this.schemaViolations.push(`answer to an unknown CALL: ${text}`);
    this.pendingCalls.delete(String(frame[1]));
    if (frame[0] === 3) this.check(pending.action, "response", frame[2], text);
    pending.resolve(frame);
    this.notify();
  }

  private async receiveCall(ws: ServerWebSocket<Connection>, frame: unknown[]): Promise<void> {
    const [, id, action, payload] = frame as [2, string, string, unknown];
    const call = { chargePointId: ws.data.chargePointId, id, action, payload, at: Date.now() };
    this.check(action, "request", payload, JSON.stringify(frame));
    this.calls.push(call);
    this.notify();
    const answer = (await this.answer(call)) ?? this.defaults.answer(action, payload);
    ws.send(JSON.stringify("result" in answer ? [3, id, answer.result] : [4, id, answer.error, answer.description, {}]));
  }

  private check(action: string, direction: "request" | "response", payload: unknown, text: string): void {
    const validate = officialValidator(action, direction);
    if (!validate) this.schemaViolations.push(`unknown action ${action}: ${text}`);
    else if (!validate(payload)) this.schemaViolations.push(`${action} ${direction} ${JSON.stringify(validate.errors)}: ${text}`);
  }

  private notify(): void {
    for (const wake of [...this.waiters]) wake();
  }
}
