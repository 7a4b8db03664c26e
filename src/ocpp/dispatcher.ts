import * as v from "valibot";
import { deepFreeze } from "../station/deep-freeze.ts";
import type { Log } from "../station/ports.ts";
import type { Clock } from "../station/ports.ts";
import { OcppError, callErrorFor, describeIssues } from "./errors.ts";
import type { CallErrorFrame, CallFrame, CallResultFrame, InvalidFrame, Payload } from "./frame.ts";
import type { MessageCatalog } from "./message-catalog.ts";

/** An answer, and the work it starts: the work runs once the answer has left (answers before actions). */
export class AnswerThen<Res> {
  constructor(
    readonly answer: Res,
    readonly after: () => void | Promise<void>,
  ) {}
}

export function answerThen<Res>(answer: Res, after: () => void | Promise<void>): AnswerThen<Res> {
  return new AnswerThen(answer, after);
}

/** Answers one incoming (CS→CP) action; `request` checks the payload before `handle` sees it. */
export interface Handler<Req, Res, Ctx = unknown> {
  readonly action: string;
  readonly request: v.GenericSchema<unknown, Req>;
  handle(req: Req, ctx: Ctx): Res | AnswerThen<Res> | Promise<Res | AnswerThen<Res>>;
}
// `any`: one table holds handlers of every request and response type.
export type AnyHandler<Ctx = unknown> = Handler<any, any, Ctx>;

export type Reply = CallResultFrame | CallErrorFrame;

/** The reply to send, and the work to run once it has been sent. */
export type Dispatched = { reply: Reply; after?: () => void | Promise<void> };

export type DispatcherOptions = {
  catalog: MessageCatalog;
  clock: Clock;
  log: Log;
  /** Actions we answer; a catalog action outside this set gets NotSupported. Default: those with a handler. */
  offered?: Iterable<string>;
  /** A handler still busy after this long is answered with InternalError. */
  handlerTimeoutMs?: number;
};

type Entry = { handler: AnyHandler; ctx: unknown };

/** Turns each incoming CALL into exactly one CALLRESULT or CALLERROR; never throws. */
export class Dispatcher {
  private readonly table = new Map<string, Entry>();
  private offered: ReadonlySet<string> | undefined;
  private readonly handlerTimeoutMs: number;
  /** Frozen answers that passed their check, with the checked payload: a handler may answer with the same one again. */
  private readonly checkedAnswers = new WeakMap<object, Payload>();

  constructor(private readonly options: DispatcherOptions) {
    this.offered = options.offered === undefined ? undefined : new Set(options.offered);
    this.handlerTimeoutMs = options.handlerTimeoutMs ?? 30_000;
  }

  register<Ctx>(handlers: readonly AnyHandler<Ctx>[], ctx: Ctx): void {
    for (const handler of handlers) {
      if (this.table.has(handler.action)) throw new Error(`a handler for ${handler.action} is already registered`);
      if (!(handler.action in this.options.catalog)) throw new Error(`${handler.action} is not in the message catalog`);
      this.table.set(handler.action, { handler, ctx });
    }
  }

  setOffered(actions: Iterable<string> | undefined): void {
    this.offered = actions === undefined ? undefined : new Set(actions);
  }

  async dispatch(call: CallFrame): Promise<Dispatched> {
    try {
      const { payload, after } = await this.run(call);
      return { reply: { kind: "callResult", id: call.id, payload }, after };
    } catch (error) {
      return { reply: this.errorReply(call, error) };
    }
  }

  /** A CALLERROR for a CALL refused before any handler sees it. */
  refuse(call: CallFrame, error: OcppError): CallErrorFrame {
    return this.errorReply(call, error);
  }

  /** The CALLERROR for a broken CALL, or undefined when it cannot or must not be answered. */
  rejectInvalid(frame: InvalidFrame): CallErrorFrame | undefined {
    const { log } = this.options;
    if (frame.id === undefined) {
      log.warn("dropped a frame without a readable message id", { reason: frame.reason, detail: frame.detail });
      return undefined;
    }
    if (frame.messageType !== 2) return undefined; // J§4.1.3: unknown types are ignored; broken results go to rpc
    log.warn("answered a malformed CALL", { id: frame.id, reason: frame.reason, detail: frame.detail });
    return { kind: "callError", id: frame.id, code: "FormationViolation", description: frame.detail, details: {} };
  }

  private async run(call: CallFrame): Promise<{ payload: Payload; after?: () => void | Promise<void> }> {
    const entry = this.route(call.action);
    const parsed = v.safeParse(entry.handler.request, call.payload);
    if (!parsed.success) throw new OcppError(callErrorFor(parsed.issues), describeIssues(parsed.issues));
    const returned = entry.handler.handle(parsed.output, entry.ctx);
    // Only an answer still to come needs the deadline (and its timer): most handlers answer at once.
    const handled = isPromiseLike(returned) ? await this.withTimeout(call.action, returned) : returned;
    if (handled instanceof AnswerThen) return { payload: this.checkResponse(call, handled.answer), after: handled.after };
    return { payload: this.checkResponse(call, handled) };
  }

  private route(action: string): Entry {
    if (!(action in this.options.catalog)) throw new OcppError("NotImplemented", `${action} is not a known action`);
    const entry = this.table.get(action);
    const isOffered = this.offered?.has(action) ?? entry !== undefined;
    if (!isOffered) throw new OcppError("NotSupported", `${action} is not supported by this charge point`);
    if (entry === undefined) throw new OcppError("NotImplemented", `${action} has no handler`);
    return entry;
  }

  private withTimeout<T>(action: string, work: PromiseLike<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const cancel = this.options.clock.after(this.handlerTimeoutMs, () =>
        reject(new Error(`${action} handler did not finish within ${this.handlerTimeoutMs} ms`)),
      );
      Promise.resolve(work).then(resolve, reject).finally(cancel);
    });
  }

  /** A frozen answer cannot change: checked once, the same checked payload (frozen too) serves it again. */
  private checkResponse(call: CallFrame, response: unknown): Payload {
    const isFrozen = typeof response === "object" && response !== null && Object.isFrozen(response);
    const checked = isFrozen ? this.checkedAnswers.get(response) : undefined;
    if (checked !== undefined) return checked;
    const schema = this.options.catalog[call.action]?.response;
    const parsed = schema === undefined ? undefined : v.safeParse(schema, response);
    if (parsed?.success) {
      if (!isFrozen) return parsed.output as Payload;
      const payload = deepFreeze(parsed.output as Payload);
      this.checkedAnswers.set(response, payload);
      return payload;
    }
    const detail = parsed === undefined ? "no response schema" : describeIssues(parsed.issues);
    throw new InvalidResponseError(`${call.action} handler returned an invalid response: ${detail}`);
  }

  private errorReply(call: CallFrame, error: unknown): CallErrorFrame {
    const { log } = this.options;
    const where = { action: call.action, id: call.id };
    if (error instanceof OcppError) {
      log.warn("answered CALL with CALLERROR", { ...where, code: error.code, description: error.message });
      return { kind: "callError", id: call.id, code: error.code, description: error.message, details: error.details };
    }
    const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
    log.error("CALL failed inside the charge point", { ...where, error: stack });
    return { kind: "callError", id: call.id, code: "InternalError", description: `${call.action} failed`, details: {} };
  }
}

function isPromiseLike<T>(value: T | PromiseLike<T>): value is PromiseLike<T> {
  return typeof (value as { then?: unknown } | null)?.then === "function";
}

class InvalidResponseError extends Error {
  override readonly name = "InvalidResponseError";
}
