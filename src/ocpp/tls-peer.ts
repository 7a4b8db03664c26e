import { net, tls } from "../built-ins.ts";
import type { ConnectionTarget } from "./connection-target.ts";

/**
 * The certificates the Central System presents (PEM, its own first, then the chain it sends), read
 * on a TLS connection of its own made as the station's is (same trust, same client certificate) and
 * closed at once: the WebSocket client does not expose its peer. undefined for ws:// or on failure.
 */
export function peerCertificates(target: ConnectionTarget, timeoutMs = 10_000): Promise<string[] | undefined> {
  const url = new URL(target.url);
  if (url.protocol !== "wss:") return Promise.resolve(undefined);
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const { connect } = tls();
  const { isIP } = net();
  return new Promise((resolve) => {
    const socket = connect({ host, port: Number(url.port || 443), servername: isIP(host) ? undefined : host, ...target.tls });
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    const finish = (pems: string[] | undefined) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(pems);
    };
    socket.once("error", () => finish(undefined));
    socket.once("secureConnect", () => {
      const pems: string[] = [];
      let peer = socket.getPeerCertificate(true);
      const seen = new Set<string>();
      while (peer?.raw && !seen.has(peer.fingerprint256)) {
        seen.add(peer.fingerprint256);
        pems.push(`-----BEGIN CERTIFICATE-----\n${peer.raw.toString("base64").replace(/.{1,64}/g, "$&\n")}-----END CERTIFICATE-----\n`);
        peer = peer.issuerCertificate;
      }
      finish(pems.length > 0 ? pems : undefined);
    });
  });
}
