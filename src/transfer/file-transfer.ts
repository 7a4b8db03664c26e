import type { DownloadLimits } from "./download-file.ts";
import { ftpDownload, ftpUpload } from "./ftp-transfer.ts";
import { httpDownload, httpUpload, type TransferOptions } from "./http-transfer.ts";
import { TransferFailure } from "./transfer-failure.ts";
import { parseLocation, type TransferLocation } from "./transfer-location.ts";

export type { DownloadLimits } from "./download-file.ts";
export type { TransferOptions } from "./http-transfer.ts";

/**
 * The station's file transfers (UpdateFirmware, GetDiagnostics; GetLog and SignedUpdateFirmware
 * later): http://, https:// (TLS verified) and ftp:// (passive), chosen by the location's scheme.
 * Every failure is a TransferFailure naming what went wrong, never the location's credentials.
 */
export async function downloadFile(locationText: string, file: string, limits: DownloadLimits, options: TransferOptions): Promise<{ bytes: number; resumedFrom: number }> {
  const location = usable(locationText);
  return location.scheme === "ftp" ? ftpDownload(location, file, limits, options) : httpDownload(location, file, limits, options);
}

/** One file to `<location>/<fileName>`: HTTP PUT, or FTP STOR into the directory. */
export async function uploadFile(locationText: string, fileName: string, path: string, options: TransferOptions): Promise<void> {
  const location = usable(locationText);
  return location.scheme === "ftp" ? ftpUpload(location, fileName, path, options) : httpUpload(location, fileName, path, options);
}

function usable(locationText: string): TransferLocation {
  const parsed = parseLocation(locationText);
  if (!parsed.ok) throw new TransferFailure("unsupported", parsed.reason);
  return parsed.location;
}
