import { createHash } from "node:crypto";
import type { Socket, TCPSocketListener } from "bun";

export type RawMode = "silentAfterHandshake" | "noSubprotocol" | "neverAnswer";

/**
 * A TCP server that speaks just enough HTTP to misbehave in ways Bun.serve cannot: it completes the
 * WebSocket handshake and then never answers a ping, omits the subprotocol, or never answers at all.
 */
export class RawWsServer {
  connections = 0;
  private readonly listener: TCPSocketListener<{ isUpgraded: boolean }>;

  constructor(public mode: RawMode) {
    this.listener = Bun.listen<{ isUpgraded: boolean }>({
      hostname: "127.0.0.1",
      port: 0,
      socket: {
        open: (socket) => {
          socket.data = { isUpgraded: false };
          this.connections += 1;
        },
        data: (socket, data) => this.onData(socket, data.toString("latin1")),
      },
    });
  }

  url(): string {
    return `ws://127.0.0.1:${this.listener.port}/ocpp`;
  }

  stop(): void {
    this.listener.stop(true);
  }

  private onData(socket: Socket<{ isUpgraded: boolean }>, text: string): void {
    if (socket.data.isUpgraded || this.mode === "neverAnswer") return; // frames, pings included, go unanswered
    const key = /sec-websocket-key:\s*(\S+)/i.exec(text)?.[1];
    if (key === undefined) return;
    socket.data.isUpgraded = true;
    const accept = createHash("sha1").update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest("base64");
    const protocol = this.mode === "noSubprotocol" ? "" : "Sec-WebSocket-Protocol: ocpp1.6\r\n";
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${protocol}\r\n`);
  }
}
