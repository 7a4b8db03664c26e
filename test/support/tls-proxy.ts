/**
 * A TLS front for a test Central System on ws:// (the OCTT's TLS side): it terminates TLS with the
 * server certificate and settings a test chooses, records what each connection negotiated and which
 * client certificate it presented, and passes the bytes on to the plain WebSocket server.
 */
import { connect as connectTcp, type Socket } from "node:net";
import { createServer, type Server, type TLSSocket } from "node:tls";

export type TlsProxyOptions = {
  cert: string;
  key: string;
  /** The roots that verify client certificates; with it, a client certificate is asked for (profile 3). */
  ca?: string | string[];
  /** With `ca`: a connection without a (valid) client certificate is still taken, as at profile 2. Default: refused. */
  isClientCertificateOptional?: boolean;
  minVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  maxVersion?: "TLSv1" | "TLSv1.1" | "TLSv1.2" | "TLSv1.3";
  ciphers?: string;
};

export type TlsSession = {
  protocol: string | null;
  /** The negotiated suite, in OpenSSL's and in the standard (IANA) name. */
  cipher: string;
  standardCipher: string | undefined;
  /** The client certificate, when one was presented: subject CN, serial, key, and the raw PEM; `isTrusted`: verified by `ca`. */
  isClientTrusted?: boolean;
  client?: { subjectCn: string | undefined; serialNumber: string; bits: number | undefined; pem: string };
};

export class TlsProxy {
  readonly sessions: TlsSession[] = [];
  /** Handshakes that failed on the server's side, with the reason. */
  readonly failures: string[] = [];
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly backendPort: number, private options: TlsProxyOptions) {}

  async start(port = 0): Promise<this> {
    const { ca, isClientCertificateOptional, ...rest } = this.options;
    this.server = createServer({ ...rest, ...(ca ? { ca, requestCert: true, rejectUnauthorized: !isClientCertificateOptional } : {}) }, (socket) => this.accepted(socket));
    this.server.on("tlsClientError", (error) => this.failures.push(error.message));
    await new Promise<void>((resolve) => this.server!.listen(port, "127.0.0.1", () => resolve()));
    return this;
  }

  get port(): number {
    const address = this.server?.address();
    return typeof address === "object" && address ? address.port : 0;
  }

  /** The Central System's address as the station is configured: localhost, the server certificate's name. */
  get url(): string {
    return `wss://localhost:${this.port}/ocpp`;
  }

  /** Starts again on the same port with other settings (a new trust, another server certificate). */
  async restart(options: TlsProxyOptions): Promise<void> {
    const port = this.port;
    await this.stop();
    this.options = options;
    await this.start(port);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server = undefined;
  }

  private accepted(socket: TLSSocket): void {
    const peer = socket.getPeerCertificate();
    const hasClient = peer && Object.keys(peer).length > 0 && peer.raw;
    this.sessions.push({
      protocol: socket.getProtocol(),
      cipher: socket.getCipher().name,
      standardCipher: socket.getCipher().standardName,
      isClientTrusted: socket.authorized,
      ...(hasClient
        ? {
            client: {
              subjectCn: typeof peer.subject?.CN === "string" ? peer.subject.CN : undefined,
              serialNumber: peer.serialNumber,
              bits: peer.bits,
              pem: `-----BEGIN CERTIFICATE-----\n${peer.raw.toString("base64").replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`,
            },
          }
        : {}),
    });
    const backend = connectTcp(this.backendPort, "127.0.0.1");
    this.sockets.add(socket);
    this.sockets.add(backend);
    socket.pipe(backend).pipe(socket);
    const close = () => {
      socket.destroy();
      backend.destroy();
      this.sockets.delete(socket);
      this.sockets.delete(backend);
    };
    socket.on("error", close).on("close", close);
    backend.on("error", close).on("close", close);
  }
}
