import * as v from "valibot";
import type { Log } from "../station/ports.ts";
import type { Clock } from "../station/ports.ts";
import { callErrorFor, describeIssues } from "./errors.ts";
import { type CallErrorFrame, type CallResultFrame, type InvalidFrame, type Payload, serializeFrame } from "./frame.ts";
import type { ActionOf, MessageCatalog, RequestOf, ResponseOf } from "./message-catalog.ts";

/**
 * How an outgoing CALL ended. Only `callError` with `isLocal: false` means the CSMS answered with a
 * CALLERROR (JE3.2 "failure to process"); `isLocal: true` is a CALLRESULT that broke its schema.
 */
export type CallOutcome<Res> =
  | { kind: "ok"; payload: Res }
  | { kind: "callError"; code: string; description: string; details: Payload; isLocal: boolean }
  | { kind: "timeout" }
  | { kind: "offline" };

export type RpcOptions<C extends MessageCatalog> = {
  catalog: C;
  /** Puts one frame on the wire; false when the link is not open. */
  send(text: string): boolean;
  clock: Clock;
  log: Log;
  /** No answer within this long ⇒ `timeout` (E3.82 MessageTimeout). */
  timeoutMs?: number;
  newId?: () => string;
};

/** A programming error: the charge point tried to send a payload its own schema rejects. */
export class InvalidCallError extends Error {
  override readonly name = "InvalidCallError";
}

type Pending = { action: string; payload: unknown; timeoutMs: number; settle(outcome: CallOutcome<unknown>): void };
type InFlight = Pending & { id: string; cancelTimer(): void };

const lateIdMemory = 32;

/**
 * Outgoing CALLs, one in flight per connection (J§4.1.1), the rest queued in call order.
 * While offline, `call` resolves `offline` at once; when the link drops, the call in flight and every
 * queued call resolve `offline`, so the caller (the outbox) alone decides what is sent again.
 */
export class Rpc<C extends MessageCatalog> {
  private isOnline = false;
  private inFlight: InFlight | undefined;
  private queue: Pending[] = [];
  private readonly timedOutIds: string[] = [];
  timeoutMs: number;

  constructor(private readonly options: RpcOptions<C>) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  get pendingCount(): number {
    return this.queue.length + (this.inFlight === undefined ? 0 : 1);
  }

  async call<A extends ActionOf<C>>(
    action: A,
    payload: RequestOf<C, A>,
    options: { timeoutMs?: number } = {},
  ): Promise<CallOutcome<ResponseOf<C, A>>> {
    const schemas = this.options.catalog[action];
    if (schemas === undefined) throw new InvalidCallError(`${action} is not in the message catalog`);
    const parsed = v.safeParse(schemas.request, payload);
    if (!parsed.success) throw new InvalidCallError(`${action} request is invalid: ${describeIssues(parsed.issues)}`);
    if (!this.isOnline) return { kind: "offline" };
    return new Promise((resolve) => {
      const timeoutMs = options.timeoutMs ?? this.timeoutMs;
      this.queue.push({ action, payload, timeoutMs, settle: resolve as Pending["settle"] });
      this.pump();
    });
  }

  setOnline(isOnline: boolean): void {
    this.isOnline = isOnline;
    if (isOnline) return;
    const dropped = this.inFlight === undefined ? this.queue : [this.inFlight, ...this.queue];
    this.inFlight?.cancelTimer();
    this.inFlight = undefined;
    this.queue = [];
    for (const pending of dropped) pending.settle({ kind: "offline" });
  }

  receive(frame: CallResultFrame | CallErrorFrame): void {
    const current = this.takeInFlight(frame.id);
    if (current === undefined) return;
    if (frame.kind === "callError") {
      const { code, description, details } = frame;
      current.settle({ kind: "callError", code, description, details, isLocal: false });
    } else {
      current.settle(this.checkResult(current, frame.payload));
    }
    this.pump();
  }

  /** A broken CALLRESULT/CALLERROR to the call in flight ends that call as a local FormationViolation. */
  receiveInvalid(frame: InvalidFrame): void {
    if (frame.id === undefined || (frame.messageType !== 3 && frame.messageType !== 4)) return;
    const current = this.takeInFlight(frame.id);
    if (current === undefined) return;
    this.options.log.warn("malformed answer to a CALL", { action: current.action, id: frame.id, detail: frame.detail });
    current.settle({ kind: "callError", code: "FormationViolation", description: frame.detail, details: {}, isLocal: true });
    this.pump();
  }

  private takeInFlight(id: string): InFlight | undefined {
    const current = this.inFlight;
    if (current !== undefined && current.id === id) {
      current.cancelTimer();
      this.inFlight = undefined;
      return current;
    }
    const isLate = this.timedOutIds.includes(id);
    this.options.log.warn(isLate ? "ignored a late answer to a timed-out CALL" : "ignored an answer to an unknown CALL", { id });
    return undefined;
  }

  private checkResult(call: InFlight, payload: Payload): CallOutcome<unknown> {
    const schema = this.options.catalog[call.action]?.response;
    const parsed = schema === undefined ? undefined : v.safeParse(schema, payload);
    if (parsed?.success) return { kind: "ok", payload: parsed.output };
    const description = parsed === undefined ? "no response schema" : describeIssues(parsed.issues);
    const code = parsed === undefined ? "GenericError" : callErrorFor(parsed.issues);
    this.options.log.warn("CALLRESULT does not match its schema", { action: call.action, id: call.id, description });
    return { kind: "callError", code, description: `invalid ${call.action} response: ${description}`, details: {}, isLocal: true };
  }

  private pump(): void {
    while (this.inFlight === undefined && this.isOnline) {
      const next = this.queue.shift();
      if (next === undefined) return;
      this.start(next);
    }
  }

  private start(pending: Pending): void {
    const id = this.options.newId?.() ?? crypto.randomUUID();
    const text = serializeFrame({ kind: "call", id, action: pending.action, payload: pending.payload as Payload });
    if (!this.options.send(text)) {
      pending.settle({ kind: "offline" });
      return;
    }
    const cancelTimer = this.options.clock.after(pending.timeoutMs, () => this.timeOut(id));
    this.inFlight = { ...pending, id, cancelTimer };
  }

  private timeOut(id: string): void {
    const current = this.inFlight;
    if (current === undefined || current.id !== id) return;
    this.inFlight = undefined;
    this.timedOutIds.push(id);
    if (this.timedOutIds.length > lateIdMemory) this.timedOutIds.shift();
    this.options.log.warn("CALL timed out", { action: current.action, id, timeoutMs: current.timeoutMs });
    current.settle({ kind: "timeout" });
    this.pump();
  }
}
