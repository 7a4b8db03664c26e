import { createHash, randomBytes } from "node:crypto";
import type { Duplex } from "node:stream";
import { subprotocol } from "../ocpp/transport.ts";

/** RFC 6455 §1.3: the server proves it read our key with SHA-1(key + this GUID). */
const websocketGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const maxHeaderBytes = 16 * 1024;

export type UpgradeAnswer =
  | { kind: "answered"; statusCode: number; statusText: string; headers: Map<string, string>; isAcceptValid: boolean }
  | { kind: "failed"; reason: string };

/**
 * Sends one WebSocket upgrade request (J§3.1: subprotocol ocpp1.6) on an open socket, reads the
 * answer's status and headers, and closes at once: after a 101 with a close frame (code 1000),
 * so the Central System sees a connection that ended normally, before any OCPP message.
 */
export function probeUpgrade(socket: Duplex, url: URL, headers: Record<string, string>, timeoutMs: number): Promise<UpgradeAnswer> {
  const key = randomBytes(16).toString("base64");
  const request = [
    `GET ${url.pathname}${url.search} HTTP/1.1`,
    `Host: ${url.host}`,
    "Upgrade: websocket",
    "Connection: Upgrade",
    `Sec-WebSocket-Key: ${key}`,
    "Sec-WebSocket-Version: 13",
    `Sec-WebSocket-Protocol: ${subprotocol}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
    "",
    "",
  ].join("\r\n");
  return new Promise((resolve) => {
    let received = Buffer.alloc(0);
    let isDone = false;
    const finish = (answer: UpgradeAnswer) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      socket.removeAllListeners("data");
      if (answer.kind === "answered" && answer.statusCode === 101) socket.write(closeFrame());
      socket.end();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ kind: "failed", reason: `no answer to the upgrade request within ${timeoutMs} ms` }), timeoutMs);
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const end = received.indexOf("\r\n\r\n");
      if (end >= 0) finish(parseAnswer(received.subarray(0, end).toString("latin1"), key));
      else if (received.length > maxHeaderBytes) finish({ kind: "failed", reason: "the answer's headers are too long: not an HTTP server?" });
    });
    socket.once("error", (error) => finish({ kind: "failed", reason: `connection error: ${error.message}` }));
    socket.once("close", () => finish({ kind: "failed", reason: "the Central System closed the connection without answering" }));
    socket.write(request);
  });
}

function parseAnswer(head: string, key: string): UpgradeAnswer {
  const [statusLine = "", ...headerLines] = head.split("\r\n");
  const status = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
  if (!status) return { kind: "failed", reason: `not an HTTP answer: ${JSON.stringify(statusLine.slice(0, 80))}` };
  const headers = new Map<string, string>();
  for (const line of headerLines) {
    const colon = line.indexOf(":");
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  const expectedAccept = createHash("sha1").update(key + websocketGuid).digest("base64");
  return { kind: "answered", statusCode: Number(status[1]), statusText: status[2] ?? "", headers, isAcceptValid: headers.get("sec-websocket-accept") === expectedAccept };
}

/** RFC 6455 §5.5.1: a masked client close frame with status 1000 (normal closure). */
function closeFrame(): Buffer {
  const mask = randomBytes(4);
  const payload = Buffer.from([0x03, 0xe8]);
  return Buffer.concat([Buffer.from([0x88, 0x80 | payload.length]), mask, payload.map((byte, i) => byte ^ mask[i % 4]!)]);
}
