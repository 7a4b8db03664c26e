/**
 * File uploads to the Central System's server (LAB-INTERFACE.md "Files exchanged with the Central
 * System"): one file to `<location>/<fileName>` by HTTP PUT for http(s) locations, or stored as
 * `<fileName>` in the directory of an ftp location (passive mode, `user:password@` when given). Used
 * by GetLog (Security profile) and meant for GetDiagnostics (Firmware Management) alike.
 */
import { connect } from "node:net";
import { Readable } from "node:stream";
import { basicFtp } from "./basic-ftp.ts";

/** The protocols SupportedFileTransferProtocols lists. */
export const uploadProtocols = ["HTTP", "HTTPS", "FTP"] as const;

export type UploadFailure = {
  /** `permissionDenied`: the server refused our credentials; `notSupported`: a protocol the station does not speak; `badLocation`: no usable URL. */
  kind: "permissionDenied" | "notSupported" | "badLocation" | "failed";
  reason: string;
};
export type UploadOutcome = { ok: true } | ({ ok: false } & UploadFailure);

/**
 * `body` may be made on demand: it is then made only once the server accepts a connection, so a
 * request to an unreachable server costs no more than the attempt (a large log is not read for nothing).
 */
export type Upload = { location: string; fileName: string; body: Uint8Array | (() => Uint8Array); signal?: AbortSignal; timeoutMs?: number };

/** Whether the location can be uploaded to at all: a URL of a protocol the station speaks. */
export function uploadLocationProblem(location: string): UploadFailure | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return { kind: "badLocation", reason: `not a URL: ${location}` };
  }
  if (!["http:", "https:", "ftp:"].includes(url.protocol)) return { kind: "notSupported", reason: `${url.protocol.replace(":", "")} is not one of ${uploadProtocols.join(", ")}` };
  return undefined;
}

export async function uploadFile(upload: Upload): Promise<UploadOutcome> {
  const problem = uploadLocationProblem(upload.location);
  if (problem) return { ok: false, ...problem };
  const url = new URL(upload.location);
  try {
    if (typeof upload.body === "function") {
      await reachable(url, upload.timeoutMs ?? 120_000);
      upload = { ...upload, body: upload.body() };
    }
    return url.protocol === "ftp:" ? await ftpUpload(url, upload) : await httpUpload(url, upload);
  } catch (error) {
    if (upload.signal?.aborted) return { ok: false, kind: "failed", reason: "cancelled" };
    return { ok: false, kind: "failed", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Resolves once the server's port takes a TCP connection (closed again at once); rejects as a connection would fail. */
function reachable(url: URL, timeoutMs: number): Promise<void> {
  const port = Number(url.port || (url.protocol === "https:" ? 443 : url.protocol === "ftp:" ? 21 : 80));
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname.replace(/^\[|\]$/g, ""), port, timeout: timeoutMs });
    socket.once("connect", () => {
      socket.destroy();
      resolve();
    });
    socket.once("timeout", () => {
      socket.destroy();
      reject(new Error(`no connection to ${url.host} within ${timeoutMs} ms`));
    });
    socket.once("error", (error) => reject(error));
  });
}

async function httpUpload(url: URL, upload: Upload): Promise<UploadOutcome> {
  const target = new URL(url);
  target.pathname = `${url.pathname.replace(/\/+$/, "")}/${encodeURIComponent(upload.fileName)}`;
  const signals = [AbortSignal.timeout(upload.timeoutMs ?? 120_000), ...(upload.signal ? [upload.signal] : [])];
  const response = await fetch(target, { method: "PUT", body: upload.body as Uint8Array, signal: AbortSignal.any(signals), headers: { "Content-Type": "text/plain; charset=utf-8" } });
  await response.arrayBuffer().catch(() => undefined);
  if (response.ok) return { ok: true };
  const failure = `HTTP ${response.status} from ${target.origin}${target.pathname}`;
  if (response.status === 401 || response.status === 403) return { ok: false, kind: "permissionDenied", reason: failure };
  return { ok: false, kind: "failed", reason: failure };
}

async function ftpUpload(url: URL, upload: Upload): Promise<UploadOutcome> {
  const client = new (basicFtp().Client)(upload.timeoutMs ?? 120_000);
  const abort = () => client.close();
  upload.signal?.addEventListener("abort", abort);
  try {
    await client.access({
      host: url.hostname,
      port: Number(url.port || 21),
      user: url.username ? decodeURIComponent(url.username) : "anonymous",
      password: url.password ? decodeURIComponent(url.password) : "anonymous",
    });
    const directory = decodeURIComponent(url.pathname);
    if (directory !== "" && directory !== "/") await client.cd(directory);
    await client.uploadFrom(Readable.from([Buffer.from(upload.body as Uint8Array)]), upload.fileName);
    return { ok: true };
  } catch (error) {
    const code = (error as { code?: number }).code;
    if (code === 530) return { ok: false, kind: "permissionDenied", reason: `FTP ${code}: ${(error as Error).message}` };
    throw error;
  } finally {
    upload.signal?.removeEventListener("abort", abort);
    client.close();
  }
}
