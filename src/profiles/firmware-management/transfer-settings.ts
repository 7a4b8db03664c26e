import { type DownloadLimits, type TransferOptions, transferTimeouts } from "../../transfer/file-transfer.ts";

/** The executable is about 115 MB; twice that is the most an image may be, packed or unpacked. */
export const maxImageBytes = 256 * 1024 * 1024;
/** Free space a download leaves on dataDir's disk: the database and the log keep room (README "A full disk"). */
export const spareBytes = 16 * 1024 * 1024;

export type TransferSettings = { limits: DownloadLimits; options: Omit<TransferOptions, "caPems" | "signal"> };

/** Limits of the firmware's transfers: the image's size and the disk's spare room, the station's timeouts. */
export const transferSettings: TransferSettings = {
  limits: { maxBytes: maxImageBytes, spareBytes },
  options: transferTimeouts,
};
