import type { CsmsLink, LinkEvents, LinkState } from "../../src/ocpp/csms-link.ts";
import { Listeners } from "../../src/station/listeners.ts";

/** An in-memory CsmsLink: records what is sent and lets the test play the Central System. */
export class FakeLink implements CsmsLink {
  state: LinkState = "offline";
  readonly sent: string[] = [];
  private readonly listeners = new Listeners<LinkEvents>((event, error) => {
    throw new Error(`listener of ${event} failed`, { cause: error });
  });
  private readonly messageListeners = new Set<(text: string) => void>();

  send(text: string): boolean {
    if (this.state !== "connected") return false;
    this.sent.push(text);
    return true;
  }

  onMessage(listener: (text: string) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  on<E extends keyof LinkEvents>(event: E, listener: (payload: LinkEvents[E]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  async close(): Promise<void> {
    this.drop("closedLocally");
  }

  connect(): void {
    this.state = "connected";
    this.listeners.emit("connected", { url: "ws://fake/CP1" });
  }

  drop(kind: "closedByServer" | "closedLocally" = "closedByServer"): void {
    const wasConnected = this.state === "connected";
    this.state = "offline";
    const reason = { kind, message: "dropped by the test", at: new Date(0) };
    this.listeners.emit("disconnected", { reason, wasConnected, retryInMs: kind === "closedLocally" ? undefined : 1000 });
  }

  /** The Central System sends `text`. */
  deliver(text: string): void {
    for (const listener of this.messageListeners) listener(text);
  }

  /** Sent frames, parsed. */
  get frames(): unknown[][] {
    return this.sent.map((text) => JSON.parse(text) as unknown[]);
  }
}
