import { net } from "../built-ins.ts";
import type { TransferLocation } from "./transfer-location.ts";

/** Resolves once the location's server takes a TCP connection (closed again at once); rejects as a connection would fail. */
export function reachable(location: TransferLocation, timeoutMs: number): Promise<void> {
  const { url } = location;
  const port = Number(url.port || (location.scheme === "https" ? 443 : location.scheme === "ftp" ? 21 : 80));
  return new Promise((resolve, reject) => {
    const socket = net().connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port, timeout: timeoutMs });
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(Object.assign(new Error(`no connection to ${url.host} within ${timeoutMs} ms`), { code: "ETIMEDOUT" }));
    });
    socket.once("error", (error) => reject(error));
  });
}
