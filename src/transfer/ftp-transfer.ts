import type { Client } from "basic-ftp";
import { stream } from "../built-ins.ts";
import { basicFtp } from "./basic-ftp.ts";
import { DownloadFile, type DownloadLimits, partialSize } from "./download-file.ts";
import { type TransferOptions, TransferWatch } from "./http-transfer.ts";
import { TransferFailure } from "./transfer-failure.ts";
import type { TransferLocation } from "./transfer-location.ts";

/**
 * RETR `location` into `file` over FTP in passive mode (basic-ftp), resuming a partial file with REST
 * when the server allows; the size the server reports (SIZE) is checked before and after.
 */
export async function ftpDownload(location: TransferLocation, file: string, limits: DownloadLimits, options: TransferOptions): Promise<{ bytes: number; resumedFrom: number }> {
  return withClient(location, options, "download", async (client, watch) => {
    const remote = remotePath(location.url);
    const total = await remoteSize(client, remote);
    let resumeFrom = partialSize(file);
    if (total === undefined || resumeFrom > total) resumeFrom = 0;
    const sink = await DownloadFile.open(file, resumeFrom > 0, limits);
    try {
      sink.expect(total);
      if (total === undefined || sink.size < total) await retrieve(client, remote, sink, watch);
    } finally {
      await sink.close();
    }
    if (total !== undefined && sink.size !== total) throw new TransferFailure("wrongSize", `the server sent ${sink.size} of the ${total} bytes it announced`);
    return { bytes: sink.size, resumedFrom: resumeFrom };
  });
}

/** STOR `path` as `fileName` in the directory `location` names (LAB-INTERFACE "Files exchanged"); a missing directory is a failure, not created. */
export async function ftpUpload(location: TransferLocation, fileName: string, path: string, options: TransferOptions): Promise<void> {
  await withClient(location, options, "upload", async (client) => {
    const directory = remotePath(location.url);
    if (directory !== "") await client.cd(directory);
    await client.uploadFrom(path, fileName);
  });
}

async function withClient<T>(location: TransferLocation, options: TransferOptions, what: string, work: (client: Client, watch: TransferWatch) => Promise<T>): Promise<T> {
  const client = new (basicFtp().Client)(options.idleTimeoutMs);
  const watch = new TransferWatch(options);
  // Stalled past the overall limit, or cancelled: closing the client ends whatever it waits for.
  watch.signal.addEventListener("abort", () => client.close());
  try {
    const { url, credentials } = location;
    await client.access({
      host: url.hostname,
      port: url.port === "" ? 21 : Number(url.port),
      user: credentials?.user || "anonymous",
      password: credentials?.password || "anonymous@",
      secure: false,
    });
    return await work(client, watch);
  } catch (error) {
    throw ftpFailure(error, watch, what, options.idleTimeoutMs);
  } finally {
    client.close();
    watch.stop();
  }
}

/** RFC 1738: the path is relative to the directory the login starts in. */
function remotePath(url: URL): string {
  return decodeURIComponent(url.pathname.replace(/^\//, ""));
}

/** SIZE, when the server answers it; a missing file (550) fails here already. */
async function remoteSize(client: Client, remote: string): Promise<number | undefined> {
  try {
    return await client.size(remote);
  } catch (error) {
    if (error instanceof basicFtp().FTPError && error.code >= 550 && error.code < 560) throw error;
    return undefined;
  }
}

async function retrieve(client: Client, remote: string, sink: DownloadFile, watch: TransferWatch): Promise<void> {
  let sinkFailure: unknown;
  const destination = new (stream().Writable)({
    write(chunk: Buffer, _encoding, done) {
      sink.write(chunk).then(
        () => done(),
        (error) => {
          sinkFailure = error;
          done(error);
          client.close();
        },
      );
    },
  });
  try {
    await client.downloadTo(destination, remote, sink.size);
  } catch (error) {
    throw sinkFailure ?? error;
  }
  if (watch.hasEnded) throw watch.failure(undefined, "download");
}

function ftpFailure(error: unknown, watch: TransferWatch, what: string, idleTimeoutMs: number): TransferFailure {
  if (watch.hasEnded) return watch.failure(error, what);
  if (error instanceof basicFtp().FTPError) {
    const kind = error.code === 530 ? "denied" : error.code >= 550 && error.code < 560 ? "refused" : "protocol";
    return new TransferFailure(kind, `FTP ${error.message}`);
  }
  if (error instanceof Error && /^Timeout/.test(error.message)) return new TransferFailure("stalled", `no data for ${Math.round(idleTimeoutMs / 1000)} s (${error.message})`);
  return watch.failure(error, what);
}
