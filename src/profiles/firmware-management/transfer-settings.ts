import type { DownloadLimits, TransferOptions } from "../../transfer/file-transfer.ts";

/** The executable is about 115 MB; twice that is the most an image may be, packed or unpacked. */
export const maxImageBytes = 256 * 1024 * 1024;
/** Free space a download leaves on dataDir's disk: the database and the log keep room (README "A full disk"). */
export const spareBytes = 16 * 1024 * 1024;

export type TransferSettings = { limits: DownloadLimits; options: Omit<TransferOptions, "caPems" | "signal"> };

/** Limits of the station's transfers: a stalled server is given up after a minute, any transfer after an hour. */
export const transferSettings: TransferSettings = {
  limits: { maxBytes: maxImageBytes, spareBytes },
  options: { idleTimeoutMs: 60_000, maxDurationMs: 60 * 60_000 },
};
