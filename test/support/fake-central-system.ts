import { DefaultCsmsAnswers } from "../../src/dev/csms-answers.ts";
import type { Action, RequestOf, ResponseOf } from "../../src/messages/index.ts";
import type { CallOutcome, CentralSystem, Clock } from "../../src/station/ports.ts";

type Answer = CallOutcome<unknown> | Promise<CallOutcome<unknown>>;
export type Responder = (action: Action, payload: unknown) => Answer;

/** A Central System in memory: records every CALL and answers with `respond` (default: accept). */
export class FakeCentralSystem implements CentralSystem {
  readonly calls: { action: Action; payload: unknown; at: Date }[] = [];
  isConnected = false;
  respond: Responder;
  private readonly connectedListeners = new Set<() => void>();
  private readonly disconnectedListeners = new Set<() => void>();

  constructor(private readonly clock: Clock, respond?: Responder) {
    const answers = new DefaultCsmsAnswers(300);
    this.respond =
      respond ??
      ((action, payload) => {
        const answer = answers.answer(action, payload, clock.now());
        return "result" in answer ? { kind: "ok", payload: answer.result } : { kind: "callError", code: answer.error, description: answer.description };
      });
  }

  get actions(): Action[] {
    return this.calls.map((call) => call.action);
  }

  async call<A extends Action>(action: A, payload: RequestOf<A>): Promise<CallOutcome<ResponseOf<A>>> {
    if (!this.isConnected) return { kind: "offline" };
    this.calls.push({ action, payload, at: this.clock.now() });
    return (await this.respond(action, payload)) as CallOutcome<ResponseOf<A>>;
  }

  connect(): void {
    this.isConnected = true;
    for (const listener of this.connectedListeners) listener();
  }

  disconnect(): void {
    this.isConnected = false;
    for (const listener of this.disconnectedListeners) listener();
  }

  onConnected(listener: () => void): () => void {
    this.connectedListeners.add(listener);
    return () => this.connectedListeners.delete(listener);
  }

  onDisconnected(listener: () => void): () => void {
    this.disconnectedListeners.add(listener);
    return () => this.disconnectedListeners.delete(listener);
  }
}
