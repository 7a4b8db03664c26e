import type { Log } from "../station/ports.ts";
import type { Clock } from "../station/ports.ts";
import type { CsmsLink, LinkEvents, LinkState } from "./csms-link.ts";
import { type AnyHandler, type Dispatched, Dispatcher, type Reply } from "./dispatcher.ts";
import { OcppError } from "./errors.ts";
import { type Frame, parseFrame, serializeFrame } from "./frame.ts";
import { Listeners } from "../station/listeners.ts";
import type { ActionOf, MessageCatalog, RequestOf, ResponseOf } from "./message-catalog.ts";
import { type CallOutcome, Rpc } from "./rpc.ts";

export type OcppClientOptions<C extends MessageCatalog> = {
  link: CsmsLink;
  catalog: C;
  clock: Clock;
  log: Log;
  /** No CALLRESULT within this long ⇒ `timeout`; changeable through `callTimeoutMs`. */
  callTimeoutMs?: number;
  handlerTimeoutMs?: number;
  /** Incoming actions answered; others from the catalog get NotSupported. Default: those with a handler. */
  offered?: Iterable<string>;
  newId?: () => string;
  /** C§4.2: while this says no (registration Rejected) incoming CALLs are not answered at all. */
  isAnswering?: () => boolean;
  /** Called once a large CALL has been answered, e.g. to collect its garbage at once instead of growing the heap. */
  largeFrameHandled?: () => void;
  /**
   * Told of the first invalid message of each connection (§17.5 InvalidMessages): a frame that is no
   * OCPP-J frame, or a CALL its schema refuses. Once per connection, so a flood is one event, not thousands.
   */
  invalidMessage?: (description: string) => void;
};

/** The CALLERRORs that say the Central System's CALL itself was invalid (not one for a feature the station lacks). */
const invalidCallCodes: ReadonlySet<string> = new Set(["FormationViolation", "ProtocolError", "TypeConstraintViolation", "PropertyConstraintViolation", "OccurenceConstraintViolation"]);

/** A CALL this long (a SendLocalList of thousands of entries) leaves megabytes of garbage behind. */
const largeFrameChars = 256 * 1024;

/** How often `drained` looks at the outgoing queue. */
const drainPollMs = 20;

/** OCPP-J on top of a CsmsLink: outgoing CALLs one at a time, incoming CALLs through the handler table. */
export class OcppClient<C extends MessageCatalog> {
  private readonly rpc: Rpc<C>;
  private readonly dispatcher: Dispatcher;
  private readonly listeners: Listeners<LinkEvents>;
  private readonly answering = new Set<Promise<void>>();
  /** Message ids of the incoming CALLs not answered yet, of this connection only (ids may repeat on the next). */
  private callIdsInProgress = new Set<string>();
  private hasReportedInvalid = false;

  constructor(private readonly options: OcppClientOptions<C>) {
    const { link, catalog, clock, log } = options;
    this.rpc = new Rpc({ catalog, clock, log, send: (text) => link.send(text), timeoutMs: options.callTimeoutMs, newId: options.newId });
    this.dispatcher = new Dispatcher({ catalog, clock, log, offered: options.offered, handlerTimeoutMs: options.handlerTimeoutMs });
    this.listeners = new Listeners((event, error) => log.error("OCPP client listener failed", { event, error }));
    // The rpc learns about the link before anyone else, so a `connected` listener can call() at once.
    link.on("connecting", (event) => this.listeners.emit("connecting", event));
    link.on("connected", (event) => {
      this.rpc.setOnline(true);
      this.listeners.emit("connected", event);
    });
    link.on("disconnected", (event) => {
      this.rpc.setOnline(false);
      this.callIdsInProgress = new Set();
      this.hasReportedInvalid = false;
      this.listeners.emit("disconnected", event);
    });
    link.onMessage((text) => this.receive(text));
    this.rpc.setOnline(link.state === "connected");
  }

  get state(): LinkState {
    return this.options.link.state;
  }

  /** Outgoing CALLs waiting or in flight. */
  get pendingCount(): number {
    return this.rpc.pendingCount;
  }

  set callTimeoutMs(timeoutMs: number) {
    this.rpc.timeoutMs = timeoutMs;
  }

  /** Resolves with the outcome; rejects only on a programming error (InvalidCallError). */
  call<A extends ActionOf<C>>(action: A, payload: RequestOf<C, A>, options?: { timeoutMs?: number }): Promise<CallOutcome<ResponseOf<C, A>>> {
    return this.rpc.call(action, payload, options);
  }

  /** Registers incoming-action handlers; each gets `ctx` as its second argument. */
  handle<Ctx>(handlers: readonly AnyHandler<Ctx>[], ctx: Ctx): void {
    this.dispatcher.register(handlers, ctx);
  }

  setOffered(actions: Iterable<string> | undefined): void {
    this.dispatcher.setOffered(actions);
  }

  on<E extends keyof LinkEvents>(event: E, listener: (payload: LinkEvents[E]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  /** Resolves once every incoming CALL received so far has been answered (or found unanswerable). */
  async settled(): Promise<void> {
    while (this.answering.size > 0) await Promise.all([...this.answering]);
  }

  /** Resolves once no outgoing CALL waits or is in flight, or after `timeoutMs`: a reset lets its last messages leave (C§5.14). */
  async drained(timeoutMs: number): Promise<void> {
    const { clock } = this.options;
    for (let waitedMs = 0; this.rpc.pendingCount > 0 && waitedMs < timeoutMs; waitedMs += drainPollMs) {
      await new Promise<void>((resolve) => clock.after(drainPollMs, resolve));
    }
  }

  close(): Promise<void> {
    return this.options.link.close();
  }

  private receive(text: string): void {
    const frame = parseFrame(text);
    switch (frame.kind) {
      case "call": {
        if (this.options.isAnswering?.() === false) {
          this.options.log.info("CALL not answered while the registration is rejected", { action: frame.action, id: frame.id });
          return;
        }
        const ids = this.callIdsInProgress;
        // J§4.1.4: a sender never reuses a CALL id on a connection; one still being answered is refused, not run twice.
        if (ids.has(frame.id)) {
          this.reply(this.dispatcher.refuse(frame, new OcppError("ProtocolError", `a CALL with message id ${frame.id} is still being answered`)));
          return;
        }
        ids.add(frame.id);
        const answer = this.dispatcher.dispatch(frame).then((dispatched) => {
          this.answer(frame.action, dispatched);
          if (text.length >= largeFrameChars) this.options.largeFrameHandled?.();
        });
        this.answering.add(answer);
        void answer.finally(() => {
          this.answering.delete(answer);
          ids.delete(frame.id);
        });
        return;
      }
      case "callResult":
      case "callError":
        this.rpc.receive(frame);
        return;
      case "invalid": {
        this.reportInvalid(`a malformed frame (${frame.reason}): ${frame.detail}`);
        this.rpc.receiveInvalid(frame);
        const reply = this.dispatcher.rejectInvalid(frame);
        if (reply !== undefined) this.reply(reply);
        else if (frame.id !== undefined && frame.messageType !== 2) this.options.log.warn("ignored a malformed frame", { ...frame });
      }
    }
  }

  /** The reply leaves first; the work it starts runs after it, and a failure there is logged, never thrown. */
  private answer(action: string, { reply, after }: Dispatched): void {
    this.reply(reply);
    if (reply.kind === "callError" && invalidCallCodes.has(reply.code)) this.reportInvalid(`${action} answered ${reply.code}: ${reply.description}`);
    if (after === undefined) return;
    try {
      void Promise.resolve(after()).catch((error) => this.afterFailed(action, error));
    } catch (error) {
      this.afterFailed(action, error);
    }
  }

  private reportInvalid(description: string): void {
    if (this.hasReportedInvalid) return;
    this.hasReportedInvalid = true;
    this.options.invalidMessage?.(description);
  }

  private afterFailed(action: string, error: unknown): void {
    this.options.log.error("work after the answer failed", { action, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }

  private reply(reply: Reply): void {
    if (!this.options.link.send(this.serialize(reply))) {
      this.options.log.warn("answer not sent: link down", { id: reply.id, kind: reply.kind });
    }
  }

  /** A payload JSON cannot encode becomes an InternalError rather than a thrown error. */
  private serialize(frame: Frame): string {
    try {
      return serializeFrame(frame);
    } catch (error) {
      this.options.log.error("answer could not be encoded", { id: frame.id, error });
      return serializeFrame({ kind: "callError", id: frame.id, code: "InternalError", description: "answer could not be encoded", details: {} });
    }
  }
}
