import type { DownloadLimits } from "./download-file.ts";
import { ftpDownload, ftpUpload } from "./ftp-transfer.ts";
import { httpDownload, httpUpload, type TransferOptions } from "./http-transfer.ts";
import { reachable } from "./reachable.ts";
import { asTransferFailure, TransferFailure } from "./transfer-failure.ts";
import { parseLocation, type TransferLocation } from "./transfer-location.ts";

export type { DownloadLimits } from "./download-file.ts";
export type { TransferOptions } from "./http-transfer.ts";

/**
 * The station's file transfers (UpdateFirmware, SignedUpdateFirmware, GetDiagnostics, GetLog): http://,
 * https:// (TLS verified) and ftp:// (passive), chosen by the location's scheme.
 * Every failure is a TransferFailure naming what went wrong, never the location's credentials.
 */
export async function downloadFile(locationText: string, file: string, limits: DownloadLimits, options: TransferOptions): Promise<{ bytes: number; resumedFrom: number }> {
  const location = usable(locationText);
  return location.scheme === "ftp" ? ftpDownload(location, file, limits, options) : httpDownload(location, file, limits, options);
}

/** How long the station's transfers may take: a stalled server is given up after a minute, any transfer after an hour. */
export const transferTimeouts: Pick<TransferOptions, "idleTimeoutMs" | "maxDurationMs"> = { idleTimeoutMs: 60_000, maxDurationMs: 60 * 60_000 };

/**
 * One file to `<location>/<fileName>`: HTTP PUT, or FTP STOR into the directory (GetDiagnostics,
 * GetLog). `file` may be made on demand: it is then made only once the server takes a connection,
 * so an attempt to a server that is not there costs no more than the attempt (a large log is not read for nothing).
 */
export async function uploadFile(locationText: string, fileName: string, file: string | (() => string), options: TransferOptions): Promise<void> {
  const location = usable(locationText);
  let path: string;
  if (typeof file === "string") path = file;
  else {
    await reachable(location, options.idleTimeoutMs).catch((error) => {
      throw asTransferFailure(error, "upload");
    });
    path = file();
  }
  return location.scheme === "ftp" ? ftpUpload(location, fileName, path, options) : httpUpload(location, fileName, path, options);
}

function usable(locationText: string): TransferLocation {
  const parsed = parseLocation(locationText);
  if (!parsed.ok) throw new TransferFailure("unsupported", parsed.reason);
  return parsed.location;
}
