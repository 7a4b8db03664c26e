/**
 * Loopback file servers for transfer tests: HTTP and HTTPS (Bun.serve) whose routes a test scripts,
 * hostile ones included, and FTP (ftp-srv, passive mode) over a folder.
 */
import type { Server } from "bun";
import { mkdirSync } from "node:fs";
import { createServer, type Server as NetServer, type Socket } from "node:net";
import { FtpSrv } from "ftp-srv";
import { makeTlsFixtures, type TlsFixtures } from "./tls-fixtures.ts";

export type Route = (req: Request) => Response | Promise<Response>;

/** An HTTP(S) server on 127.0.0.1 (HTTPS answers as `localhost`, its certificate's only name). */
export class FileServer {
  readonly routes = new Map<string, Route>();
  readonly requests: { method: string; path: string; headers: Headers; body: Uint8Array }[] = [];
  private server: Server<undefined> | undefined;

  constructor(private readonly tls?: TlsFixtures) {}

  start(): this {
    this.server = Bun.serve({
      port: 0,
      hostname: "127.0.0.1",
      ...(this.tls ? { tls: { cert: this.tls.serverCertPem, key: this.tls.serverKeyPem } } : {}),
      fetch: async (req) => {
        const path = new URL(req.url).pathname;
        this.requests.push({ method: req.method, path, headers: req.headers, body: new Uint8Array(await req.arrayBuffer()) });
        return (await this.routes.get(path)?.(req)) ?? new Response("not found", { status: 404 });
      },
    });
    return this;
  }

  url(path: string): string {
    return `${this.tls ? "https" : "http"}://${this.tls ? "localhost" : "127.0.0.1"}:${this.server!.port}${path}`;
  }

  stop(): void {
    this.server?.stop(true);
  }
}

/** Serves `bytes` with Range support (206), as a resuming client needs. */
export function servesFile(bytes: Uint8Array): Route {
  return (req) => {
    const range = /^bytes=(\d+)-$/.exec(req.headers.get("range") ?? "");
    if (!range) return new Response(bytes, { headers: { "Accept-Ranges": "bytes" } });
    const start = Number(range[1]);
    if (start >= bytes.length) return new Response(null, { status: 416 });
    return new Response(bytes.slice(start), { status: 206, headers: { "Content-Range": `bytes ${start}-${bytes.length - 1}/${bytes.length}` } });
  };
}

/**
 * A raw TCP server for what Bun.serve will not do: announce one size and send another, stall in the
 * middle, send without end. `respond` gets each connection after its request head.
 */
export class RawHttpServer {
  private server: NetServer | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly respond: (socket: Socket) => void) {}

  async start(): Promise<this> {
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.on("close", () => this.sockets.delete(socket));
      socket.on("error", () => {});
      socket.once("data", () => this.respond(socket));
    }).listen(0, "127.0.0.1");
    await new Promise((resolve) => this.server!.once("listening", resolve));
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${(this.server!.address() as { port: number }).port}${path}`;
  }

  stop(): void {
    for (const socket of this.sockets) socket.destroy();
    this.server?.close();
  }
}

const quietLog = { info() {}, debug() {}, trace() {}, warn() {}, error() {}, child() { return quietLog; } };

/** An FTP server over `root` for user `user`/`password` (and nobody else), passive mode on loopback. */
export class FtpServer {
  private server: FtpSrv | undefined;
  port = 0;

  /** `isAnonymousAllowed`: user "anonymous" logs in too (an ftp:// location without credentials). */
  constructor(readonly root: string, private readonly user = "station", private readonly password = "s3cret", private readonly isAnonymousAllowed = false) {}

  async start(): Promise<this> {
    mkdirSync(this.root, { recursive: true });
    this.server = new FtpSrv({ url: "ftp://127.0.0.1:0", pasv_url: "127.0.0.1", pasv_min: 40000, pasv_max: 49000, anonymous: false, log: quietLog as never });
    this.server.on("login", ({ username, password }, resolve, reject) =>
      (username === this.user && password === this.password) || (this.isAnonymousAllowed && username === "anonymous") ? resolve({ root: this.root }) : reject(new Error("login refused")),
    );
    await this.server.listen();
    this.port = ((this.server as unknown as { server: NetServer }).server.address() as { port: number }).port;
    return this;
  }

  url(path: string, credentials = `${this.user}:${this.password}@`): string {
    return `ftp://${credentials}127.0.0.1:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}

export { makeTlsFixtures };
