import WebSocket from "ws";
import type { Log } from "../station/ports.ts";
import type { Clock } from "../station/ports.ts";
import { Backoff } from "./backoff.ts";
import { type ConnectionTarget, type SecurityProfile, type SecuritySettings, connectionTarget, stationUrl, tlsCipherSuites } from "./connection-target.ts";
import type { CsmsLink, LinkEvents, LinkState } from "./csms-link.ts";
import { Keepalive } from "./keepalive.ts";
import * as failure from "./link-failure.ts";
import type { LinkFailure, LinkFailureInfo } from "./link-failure.ts";
import { Listeners } from "../station/listeners.ts";

export const subprotocol = "ocpp1.6";
/** Larger than any sane OCPP frame (a full SendLocalList is well under 1 MiB); a bigger one ends the connection. */
export const defaultMaxFrameBytes = 4 * 1024 * 1024;

export type TransportOptions = {
  /** The Central System endpoint; the identity is appended as a path segment. */
  url: string;
  chargePointId: string;
  security: SecuritySettings;
  /**
   * Asked before every connection attempt, so that credentials and roots installed meanwhile are used
   * from the next connection on (§17.4). Settings that cannot make a connection (profile 3 without a
   * certificate) make no attempt: it fails as `securitySettings` and is tried again later, never with
   * weaker settings.
   */
  currentSecurity?: () => SecuritySettings;
  clock: Clock;
  log: Log;
  /** Reconnect waits grow from minMs to maxMs; they restart at minMs after a connection held stableAfterMs. */
  backoff?: { minMs?: number; maxMs?: number; stableAfterMs?: number };
  /** WebSocketPingInterval; 0 = the charge point sends no pings. */
  pingIntervalSec?: number;
  pongTimeoutMs?: number;
  handshakeTimeoutMs?: number;
  maxFrameBytes?: number;
  /** A closing handshake the Central System does not complete within this is cut short. */
  closeTimeoutMs?: number;
  random?: () => number;
};

/** What `diag` shows about the connection. */
export type LinkStatus = {
  state: LinkState;
  url: string;
  lastError: LinkFailure | undefined;
  lastConnectedAt: Date | undefined;
  lastDisconnectedAt: Date | undefined;
  retryAt: Date | undefined;
};

type Socket = { ws: WebSocket; url: string; failure: LinkFailureInfo | undefined; cancelKill?: () => void };

/** The OCPP-J WebSocket client (J§3): connects, reconnects forever, pings; implements CsmsLink. */
export class WsTransport implements CsmsLink {
  private currentState: LinkState = "offline";
  private socket: Socket | undefined;
  private security: SecuritySettings;
  private currentTarget: ConnectionTarget;
  private attempt = 0;
  private readonly backoff: Backoff;
  private readonly keepalive: Keepalive;
  private readonly listeners: Listeners<LinkEvents>;
  private readonly messageListeners = new Set<(text: string) => void>();
  private pingIntervalSec: number;
  private cancelRetry: (() => void) | undefined;
  private cancelStable: (() => void) | undefined;
  private isStopped = true;
  private isReconnectNow = false;
  private closeWaiters: (() => void)[] = [];
  private history: Omit<LinkStatus, "state" | "url"> = {
    lastError: undefined,
    lastConnectedAt: undefined,
    lastDisconnectedAt: undefined,
    retryAt: undefined,
  };

  constructor(private readonly options: TransportOptions) {
    this.security = options.security;
    // With `currentSecurity`, each attempt makes its own target; until then the address is enough (diag shows it).
    this.currentTarget = options.currentSecurity
      ? { url: stationUrl(options.url, options.chargePointId, options.security.profile), headers: {}, tls: { minVersion: "TLSv1.2", ciphers: tlsCipherSuites } }
      : connectionTarget(options.url, options.chargePointId, options.security);
    this.backoff = new Backoff({ minMs: options.backoff?.minMs ?? 5_000, maxMs: options.backoff?.maxMs ?? 300_000 }, options.random);
    this.pingIntervalSec = options.pingIntervalSec ?? 0;
    const pongTimeoutMs = options.pongTimeoutMs ?? 10_000;
    this.keepalive = new Keepalive({
      clock: options.clock,
      pongTimeoutMs,
      ping: () => this.ping(),
      onDead: () => this.drop(failure.deadLink(pongTimeoutMs)),
    });
    this.listeners = new Listeners((event, error) => options.log.error("link event listener failed", { event, error }));
  }

  get state(): LinkState {
    return this.currentState;
  }

  /** The security profile of the current (or next) connection. */
  get securityProfile(): SecurityProfile {
    return this.security.profile;
  }

  /** Where and how the current (or next) connection goes. */
  get target(): ConnectionTarget {
    return this.currentTarget;
  }

  get status(): LinkStatus {
    return { state: this.currentState, url: this.currentTarget.url, ...this.history };
  }

  /** Starts connecting; from then on the transport reconnects until `close()`. */
  start(): void {
    if (!this.isStopped) return;
    this.isStopped = false;
    this.open();
  }

  send(text: string): boolean {
    if (this.currentState !== "connected" || this.socket === undefined) return false;
    try {
      this.socket.ws.send(text);
    } catch (error) {
      this.options.log.warn("frame not sent", { error });
      return false;
    }
    this.options.log.debug("frame sent", { frame: text });
    return true;
  }

  onMessage(listener: (text: string) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  on<E extends keyof LinkEvents>(event: E, listener: (payload: LinkEvents[E]) => void): () => void {
    return this.listeners.on(event, listener);
  }

  setPingInterval(intervalSec: number): void {
    this.pingIntervalSec = intervalSec;
    this.keepalive.setInterval(intervalSec);
  }

  /** New credentials or certificates; used from the next connection on (see `reconnect`). */
  setSecurity(security: SecuritySettings): void {
    this.currentTarget = connectionTarget(this.options.url, this.options.chargePointId, security);
    this.security = security;
  }

  /** Ends the current connection and connects again at once, e.g. after a new AuthorizationKey (A01). */
  reconnect(why: string): void {
    if (this.isStopped) return;
    if (this.socket === undefined) return this.retryNow();
    this.isReconnectNow = true;
    this.drop(failure.closedLocally(why));
  }

  close(): Promise<void> {
    this.isStopped = true;
    this.cancelRetry?.();
    this.history.retryAt = undefined;
    if (this.socket === undefined) {
      this.currentState = "offline";
      return Promise.resolve();
    }
    const done = new Promise<void>((resolve) => this.closeWaiters.push(resolve));
    this.drop(failure.closedLocally("closed by the charge point"));
    return done;
  }

  private open(): void {
    const { log } = this.options;
    if (this.options.currentSecurity) {
      try {
        this.setSecurity(this.options.currentSecurity());
      } catch (error) {
        log.error("cannot connect to the Central System: the security settings are not usable", { error });
        this.afterClose(failure.securitySettings(error instanceof Error ? error.message : String(error)), false);
        return;
      }
    }
    const { url, headers, tls } = this.currentTarget;
    const handshakeTimeout = this.options.handshakeTimeoutMs ?? 30_000;
    this.attempt += 1;
    let ws: WebSocket;
    try {
      ws = new WebSocket(url, [subprotocol], { headers, handshakeTimeout, maxPayload: this.options.maxFrameBytes ?? defaultMaxFrameBytes, ...tls });
    } catch (error) {
      log.error("cannot open a connection to the Central System", { url, error });
      this.afterClose({ kind: "networkError", message: `cannot connect: ${String(error)}` }, false);
      return;
    }
    const socket: Socket = { ws, url, failure: undefined };
    this.socket = socket;
    this.currentState = "connecting";
    log.info("connecting to the Central System", { url, profile: this.security.profile, attempt: this.attempt });
    this.listeners.emit("connecting", { url, attempt: this.attempt });
    this.wire(socket, handshakeTimeout);
  }

  private wire(socket: Socket, handshakeTimeoutMs: number): void {
    const { ws } = socket;
    const isCurrent = () => this.socket === socket;
    ws.on("unexpected-response", (_request: unknown, response: { statusCode?: number }) => {
      this.fail(socket, failure.httpFailure(response.statusCode ?? 0));
    });
    ws.on("error", (error) => {
      socket.failure ??= failure.classifyError(error, handshakeTimeoutMs);
    });
    ws.on("open", () => {
      if (!isCurrent()) return;
      if (ws.protocol !== subprotocol) this.fail(socket, failure.subprotocolRefused(`server chose "${ws.protocol}"`));
      else this.opened(socket);
    });
    ws.on("pong", () => {
      if (isCurrent()) this.keepalive.pongReceived();
    });
    ws.on("message", (data, isBinary) => {
      if (isCurrent()) this.received(String(data), isBinary);
    });
    ws.on("close", (code, reason) => {
      socket.cancelKill?.();
      if (!isCurrent()) return;
      const wasConnected = this.currentState === "connected";
      this.socket = undefined;
      this.afterClose(socket.failure ?? failure.closedByServer(code, String(reason)), wasConnected);
    });
  }

  private opened(socket: Socket): void {
    const { clock, log } = this.options;
    this.history.lastConnectedAt = clock.now();
    this.currentState = "connected";
    this.keepalive.start(this.pingIntervalSec);
    this.cancelStable = clock.after(this.options.backoff?.stableAfterMs ?? 60_000, () => {
      this.backoff.reset();
      this.attempt = 0;
    });
    log.info("connected to the Central System", { url: socket.url });
    this.listeners.emit("connected", { url: socket.url });
  }

  private ping(): void {
    try {
      this.socket?.ws.ping();
    } catch (error) {
      this.options.log.warn("ping not sent", { error }); // the socket is closing; its close event follows
    }
  }

  private received(text: string, isBinary: boolean): void {
    if (isBinary) {
      this.options.log.warn("ignored a binary frame; OCPP-J frames are text", { bytes: text.length });
      return;
    }
    this.options.log.debug("frame received", { frame: text });
    for (const listener of [...this.messageListeners]) {
      try {
        listener(text);
      } catch (error) {
        this.options.log.error("message listener failed", { error });
      }
    }
  }

  private fail(socket: Socket, info: LinkFailureInfo): void {
    socket.failure ??= info;
    socket.ws.terminate();
  }

  /** Ends the current socket with `info` as the reason; `close` then runs `afterClose`. */
  private drop(info: LinkFailureInfo): void {
    const socket = this.socket;
    if (socket === undefined) return;
    this.keepalive.stop();
    socket.failure ??= info;
    if (info.kind !== "closedLocally" || this.currentState !== "connected") {
      socket.ws.terminate();
      return;
    }
    socket.ws.close(1000);
    socket.cancelKill = this.options.clock.after(this.options.closeTimeoutMs ?? 2_000, () => socket.ws.terminate());
  }

  private afterClose(info: LinkFailureInfo, wasConnected: boolean): void {
    const { clock, log } = this.options;
    this.keepalive.stop();
    this.cancelStable?.();
    const reason: LinkFailure = { ...info, at: clock.now() };
    if (wasConnected) this.history.lastDisconnectedAt = reason.at;
    if (info.kind !== "closedLocally") this.history.lastError = reason;
    this.currentState = "offline";
    const retryInMs = this.isStopped ? undefined : this.isReconnectNow ? 0 : this.backoff.next();
    this.isReconnectNow = false;
    log[info.kind === "closedLocally" ? "info" : "warn"]("link to the Central System down", {
      reason: info.kind,
      detail: info.message,
      retryInMs,
    });
    if (retryInMs !== undefined) this.scheduleRetry(retryInMs);
    this.listeners.emit("disconnected", { reason, wasConnected, retryInMs });
    for (const resolve of this.closeWaiters.splice(0)) resolve();
  }

  private scheduleRetry(delayMs: number): void {
    this.history.retryAt = new Date(this.options.clock.now().getTime() + delayMs);
    this.cancelRetry = this.options.clock.after(delayMs, () => this.retryNow());
  }

  private retryNow(): void {
    this.cancelRetry?.();
    this.cancelRetry = undefined;
    this.history.retryAt = undefined;
    if (!this.isStopped && this.socket === undefined) this.open();
  }

}
