import { createReadStream, createWriteStream, existsSync, statSync } from "node:fs";
import { readline, stream, streamPromises, zlib } from "../../built-ins.ts";
import { redactSecrets } from "../../log/redact-secrets.ts";
import type { StationReport } from "../profile.ts";
import { tarEnd, tarHeader, tarPadding } from "./tar-entry.ts";

export type ArchiveContents = {
  /** The station's log files, oldest first. */
  logFiles: readonly string[];
  reports: readonly StationReport[];
  /** GetDiagnostics startTime–stopTime: the log lines within it (all when absent). */
  window: { from: Date | undefined; to: Date | undefined };
  createdAt: Date;
  /** A new GetDiagnostics replaces this one: the build stops at once. */
  signal: AbortSignal;
};

/**
 * The diagnostics file (src/profiles/firmware-management/README.md, GetDiagnostics): a gzip-compressed ustar archive with
 * `station.log` (the log lines within the window), each report as `<name>` (diag summary,
 * configuration keys, queue, run history, station.json) and `manifest.json`. Every text passes
 * through the secrets redaction. Built as streams, so the station goes on while it is written;
 * `logExtract` is a work file beside the archive.
 */
export async function writeDiagnosticsArchive(archive: string, logExtract: string, contents: ArchiveContents): Promise<{ logLines: number }> {
  const logLines = await extractLogLines(contents.logFiles, contents.window, logExtract, contents.signal);
  const manifest = {
    format: "csc22b7 diagnostics 1",
    createdAt: contents.createdAt.toISOString(),
    window: { startTime: contents.window.from?.toISOString() ?? null, stopTime: contents.window.to?.toISOString() ?? null },
    logLines,
    files: ["station.log", ...contents.reports.map((report) => report.name)],
  };
  const documents = [{ name: "manifest.json", content: manifest }, ...contents.reports].map(({ name, content }) => ({
    name,
    bytes: new TextEncoder().encode(redactSecrets(JSON.stringify(content, null, 2)) + "\n"),
  }));
  const { pipeline } = streamPromises();
  const { Readable } = stream();
  const { createGzip } = zlib();
  await pipeline(Readable.from(tarStream(logExtract, documents, contents.createdAt)), createGzip(), createWriteStream(archive, { mode: 0o600 }), { signal: contents.signal });
  return { logLines };
}

async function* tarStream(logExtract: string, documents: { name: string; bytes: Uint8Array }[], at: Date): AsyncGenerator<Uint8Array> {
  const logBytes = statSync(logExtract).size;
  yield tarHeader("station.log", logBytes, at);
  for await (const chunk of createReadStream(logExtract)) yield chunk as Buffer;
  yield tarPadding(logBytes);
  for (const { name, bytes } of documents) {
    yield tarHeader(name, bytes.length, at);
    yield bytes;
    yield tarPadding(bytes.length);
  }
  yield tarEnd();
}

/** The lines of the log files whose time lies in the window, redacted; a line without a time goes with the one before. */
async function extractLogLines(files: readonly string[], window: ArchiveContents["window"], target: string, signal: AbortSignal): Promise<number> {
  const output = createWriteStream(target, { mode: 0o600 });
  let count = 0;
  try {
    for (const file of files.filter((path) => existsSync(path))) {
      let isInside = false;
      for await (const line of readline().createInterface({ input: createReadStream(file, { signal }), crlfDelay: Infinity })) {
        signal.throwIfAborted();
        const at = Date.parse(line.slice(0, line.indexOf(" ")));
        if (!Number.isNaN(at)) isInside = (window.from === undefined || at >= window.from.getTime()) && (window.to === undefined || at <= window.to.getTime());
        if (!isInside) continue;
        count++;
        if (!output.write(redactSecrets(line) + "\n")) await new Promise((resolve) => output.once("drain", resolve));
      }
    }
  } finally {
    await new Promise<void>((resolve, reject) => output.end((error?: Error | null) => (error ? reject(error) : resolve())));
  }
  return count;
}
