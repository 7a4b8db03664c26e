import type { LinkFailure } from "./link-failure.ts";

/** `offline` also covers the wait before the next attempt; the names match `diag --json`. */
export type LinkState = "connecting" | "connected" | "offline";

export type LinkEvents = {
  connecting: { url: string; attempt: number };
  connected: { url: string };
  /** After every ended attempt or connection; `retryInMs` is undefined once the link was closed for good. */
  disconnected: { reason: LinkFailure; wasConnected: boolean; retryInMs: number | undefined };
};

/** The text channel to the Central System as the OCPP layer sees it. */
export interface CsmsLink {
  readonly state: LinkState;
  /** Sends one text frame; false when the link is not open and nothing was sent. */
  send(text: string): boolean;
  onMessage(listener: (text: string) => void): () => void;
  on<E extends keyof LinkEvents>(event: E, listener: (payload: LinkEvents[E]) => void): () => void;
  close(): Promise<void>;
}
