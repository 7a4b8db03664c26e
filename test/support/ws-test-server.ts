import type { Server, ServerWebSocket } from "bun";

export type UpgradeRequest = { path: string; authorization: string | null; protocols: string | null };

export type WsTestServerOptions = {
  port?: number;
  tls?: { cert: string; key: string; ca?: string; requestCert?: boolean; rejectUnauthorized?: boolean };
};

type Socket = ServerWebSocket<{ path: string }>;

/**
 * A Central System in-process (Bun.serve) on port 0. Tests steer it through its fields: answer
 * upgrades with an HTTP status, pick a subprotocol, answer frames.
 */
export class WsTestServer {
  readonly upgrades: UpgradeRequest[] = [];
  readonly received: string[] = [];
  readonly sockets = new Set<Socket>();
  readonly pingsReceived: string[] = [];
  readonly pongsReceived: string[] = [];
  /** Answer the upgrade with this HTTP status instead. */
  rejectWith: number | undefined;
  /** The Sec-WebSocket-Protocol the server agrees to. */
  subprotocol = "ocpp1.6";
  /** Called for every text frame; return a frame to send back. */
  onFrame: (text: string, socket: Socket) => string | undefined = () => undefined;
  readonly port: number;
  private server: Server<{ path: string }>;

  constructor(private readonly options: WsTestServerOptions = {}) {
    this.server = this.listen(options.port ?? 0);
    this.port = this.server.port ?? 0;
  }

  /** The endpoint URL the charge point is configured with. */
  url(host = "127.0.0.1", scheme = this.options.tls ? "wss" : "ws"): string {
    return `${scheme}://${host}:${this.port}/ocpp`;
  }

  send(text: string): void {
    for (const socket of this.sockets) socket.send(text);
  }

  closeAll(code = 1000, reason = ""): void {
    for (const socket of this.sockets) socket.close(code, reason);
  }

  async stop(): Promise<void> {
    await this.server.stop(true);
    this.sockets.clear();
  }

  /** Starts again on the same port, as a Central System coming back. */
  restart(): void {
    this.server = this.listen(this.port);
  }

  private listen(port: number): Server<{ path: string }> {
    return Bun.serve<{ path: string }>({
      port,
      hostname: "127.0.0.1",
      ...(this.options.tls === undefined ? {} : { tls: this.options.tls }),
      fetch: (request, server) => {
        const path = new URL(request.url).pathname;
        const headers = request.headers;
        this.upgrades.push({ path, authorization: headers.get("authorization"), protocols: headers.get("sec-websocket-protocol") });
        if (this.rejectWith !== undefined) return new Response("refused", { status: this.rejectWith });
        if (server.upgrade(request, { data: { path }, headers: { "Sec-WebSocket-Protocol": this.subprotocol } })) return undefined;
        return new Response("upgrade failed", { status: 400 });
      },
      websocket: {
        sendPings: false,
        open: (socket) => void this.sockets.add(socket),
        close: (socket) => void this.sockets.delete(socket),
        message: (socket, message) => {
          const text = String(message);
          this.received.push(text);
          const reply = this.onFrame(text, socket);
          if (reply !== undefined) socket.send(reply);
        },
        ping: (_socket, data) => void this.pingsReceived.push(String(data)),
        pong: (_socket, data) => void this.pongsReceived.push(String(data)),
      },
    });
  }
}
