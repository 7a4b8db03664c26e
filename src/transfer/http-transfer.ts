import { tls } from "../built-ins.ts";
import { DownloadFile, type DownloadLimits, partialSize } from "./download-file.ts";
import { asTransferFailure, TransferFailure } from "./transfer-failure.ts";
import { fileInDirectory, hideCredentials, type TransferLocation } from "./transfer-location.ts";

/** How a transfer is watched: TLS trust, stall and overall time, cancellation. */
export type TransferOptions = {
  /** PEM CA certificates trusted beside the runtime's bundled public roots; verification is never skipped. */
  caPems: readonly string[];
  /** No byte for this long (or no answer): the transfer has stalled. */
  idleTimeoutMs: number;
  /** The whole transfer, however it trickles. */
  maxDurationMs: number;
  signal?: AbortSignal | undefined;
};

export const maxRedirects = 5;

type Target = { url: URL; credentials: TransferLocation["credentials"] };

/** GET `location` into `file`, resuming a partial file with a Range request when the server allows (206). */
export async function httpDownload(location: TransferLocation, file: string, limits: DownloadLimits, options: TransferOptions): Promise<{ bytes: number; resumedFrom: number }> {
  const watch = new TransferWatch(options);
  try {
    let target: Target = { url: location.url, credentials: location.credentials };
    let mayResume = true;
    for (let redirects = 0; ; ) {
      const resumeFrom = mayResume ? partialSize(file) : 0;
      const response = await watch.run(() => fetch(target.url, request(target, watch, resumeFrom > 0 ? { Range: `bytes=${resumeFrom}-` } : {})));
      if (isRedirect(response.status)) {
        if (++redirects > maxRedirects) throw new TransferFailure("redirects", `more than ${maxRedirects} redirects (the last to ${hideCredentials(response.headers.get("location") ?? "")})`);
        target = redirected(target, response);
        await response.body?.cancel();
        continue;
      }
      const range = response.status === 206 ? contentRange(response.headers.get("content-range")) : undefined;
      if ((response.status === 416 || (response.status === 206 && range?.start !== resumeFrom)) && mayResume) {
        // The partial file does not fit the file served now: start over.
        await response.body?.cancel();
        mayResume = false;
        continue;
      }
      if (response.status !== 200 && response.status !== 206) throw refusal(response);
      const total = response.status === 206 ? range?.total : contentLength(response);
      const sink = await DownloadFile.open(file, response.status === 206, limits);
      try {
        sink.expect(total);
        await receive(response, sink, watch);
      } finally {
        await sink.close();
      }
      if (total !== undefined && sink.size !== total) throw new TransferFailure("wrongSize", `the server sent ${sink.size} of the ${total} bytes it announced`);
      return { bytes: sink.size, resumedFrom: response.status === 206 ? resumeFrom : 0 };
    }
  } catch (error) {
    throw watch.failure(error, "download");
  } finally {
    watch.stop();
  }
}

/** PUT `path` to `<location>/<fileName>` (LAB-INTERFACE "Files exchanged"); any 2xx is success. */
export async function httpUpload(location: TransferLocation, fileName: string, path: string, options: TransferOptions): Promise<void> {
  const watch = new TransferWatch(options);
  try {
    const target = { url: fileInDirectory(location.url, fileName), credentials: location.credentials };
    // The body streams from the file; the overall limit watches it (fetch tells no upload progress).
    const response = await watch.run(() => fetch(target.url, { ...request(target, watch, {}), method: "PUT", body: Bun.file(path) }));
    await response.body?.cancel();
    if (isRedirect(response.status)) throw new TransferFailure("redirects", `HTTP ${response.status}: uploads are not redirected (to ${hideCredentials(response.headers.get("location") ?? "")})`);
    if (response.status < 200 || response.status > 299) throw refusal(response);
  } catch (error) {
    throw watch.failure(error, "upload");
  } finally {
    watch.stop();
  }
}

function request(target: Target, watch: TransferWatch, headers: Record<string, string>): RequestInit {
  const { credentials } = target;
  const authorization = credentials ? { Authorization: `Basic ${Buffer.from(`${credentials.user}:${credentials.password}`).toString("base64")}` } : {};
  return {
    redirect: "manual",
    headers: { ...headers, ...authorization },
    signal: watch.signal,
    tls: { ca: [...tls().rootCertificates, ...watch.caPems] },
  } as RequestInit;
}

async function receive(response: Response, sink: DownloadFile, watch: TransferWatch): Promise<void> {
  if (!response.body) return;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await watch.run(() => reader.read());
      if (done) return;
      await sink.write(value);
    }
  } catch (error) {
    if (error instanceof TransferFailure || watch.hasEnded) throw error;
    throw new TransferFailure("protocol", `the transfer broke off after ${sink.size} bytes: ${(error as { code?: string }).code ?? (error as Error).message}`, { cause: error });
  } finally {
    reader.releaseLock();
  }
}

/** A status the transfer cannot go on with; 401 and 403 say the credentials were refused. */
function refusal(response: Response): TransferFailure {
  const kind = response.status === 401 || response.status === 403 ? "denied" : "refused";
  return new TransferFailure(kind, `HTTP ${response.status} ${response.statusText}`.trim());
}

function isRedirect(status: number): boolean {
  return status === 301 || status === 302 || status === 303 || status === 307 || status === 308;
}

/** The next hop; credentials go only to the same origin, and only to http or https. */
function redirected(from: Target, response: Response): Target {
  const location = response.headers.get("location");
  if (!location || !URL.canParse(location, from.url.href)) throw new TransferFailure("protocol", `HTTP ${response.status} without a usable Location`);
  const url = new URL(location, from.url);
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TransferFailure("unsupported", `redirected to ${url.protocol} (${hideCredentials(url.href)})`);
  return { url, credentials: url.origin === from.url.origin ? from.credentials : undefined };
}

function contentLength(response: Response): number | undefined {
  const text = response.headers.get("content-length");
  return text !== null && /^\d+$/.test(text) ? Number(text) : undefined;
}

/** `bytes <start>-<end>/<total>`; total undefined for `*`. */
function contentRange(text: string | null): { start: number; total: number | undefined } | undefined {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(text?.trim() ?? "");
  if (!match) return undefined;
  return { start: Number(match[1]), total: match[2] === "*" ? undefined : Number(match[2]) };
}

/**
 * Aborts the transfer when it stalls (no progress within idleTimeoutMs), runs past maxDurationMs or
 * is cancelled, and says which: the fetch error an abort causes is replaced by the reason.
 */
export class TransferWatch {
  private readonly controller = new AbortController();
  private ended: TransferFailure | undefined;
  private idle: ReturnType<typeof setTimeout> | undefined;
  private readonly overall: ReturnType<typeof setTimeout>;
  private readonly onCancel = () => this.end(new TransferFailure("cancelled", "cancelled"));

  constructor(private readonly options: TransferOptions) {
    this.overall = setTimeout(() => this.end(new TransferFailure("stalled", `not done within ${Math.round(options.maxDurationMs / 1000)} s`)), options.maxDurationMs);
    if (options.signal?.aborted) this.onCancel();
    options.signal?.addEventListener("abort", this.onCancel);
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get caPems(): readonly string[] {
    return this.options.caPems;
  }

  get hasEnded(): boolean {
    return this.ended !== undefined;
  }

  /** One step that must make progress within the idle timeout. */
  async run<T>(step: () => Promise<T>): Promise<T> {
    if (this.ended) throw this.ended;
    clearTimeout(this.idle);
    this.idle = setTimeout(() => this.end(new TransferFailure("stalled", `no data for ${Math.round(this.options.idleTimeoutMs / 1000)} s`)), this.options.idleTimeoutMs);
    try {
      return await step();
    } finally {
      clearTimeout(this.idle);
    }
  }

  /** What to throw for `error`: the watch's own reason when it ended the transfer. */
  failure(error: unknown, what: string): TransferFailure {
    return this.ended ?? asTransferFailure(error, what);
  }

  stop(): void {
    clearTimeout(this.idle);
    clearTimeout(this.overall);
    this.options.signal?.removeEventListener("abort", this.onCancel);
  }

  private end(reason: TransferFailure): void {
    if (this.ended) return;
    this.ended = reason;
    this.controller.abort(reason);
  }
}
