import type { FileHandle } from "node:fs/promises";
import { fsPromises } from "../built-ins.ts";
import { existsSync, statfsSync, statSync } from "node:fs";
import { dirname } from "node:path";
import { TransferFailure } from "./transfer-failure.ts";

/** What a download may take: its size, and the disk space it must leave for the station. */
export type DownloadLimits = {
  maxBytes: number;
  /** Free space the download must leave on the disk it writes to (the database and log keep room). */
  spareBytes: number;
  freeBytes?: (dir: string) => number;
};

/** How often (in bytes written) the free space is looked at again while a download runs. */
const roomCheckEveryBytes = 4 * 1024 * 1024;

/** The bytes a partial download left in `path` (0 when there is none): where a resumed transfer starts. */
export function partialSize(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

export function freeBytesOf(dir: string): number {
  const stats = statfsSync(dir);
  return stats.bavail * stats.bsize;
}

/**
 * The file a download writes: appended to when resumed, never past `maxBytes`, never into the space
 * the station needs (a full disk is a failed download, not a crash). Synced to disk when closed.
 */
export class DownloadFile {
  private sinceRoomCheck = 0;

  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private bytes: number,
    private readonly limits: DownloadLimits,
  ) {}

  /** From scratch, or appended to the partial file when `resume` holds. */
  static async open(path: string, resume: boolean, limits: DownloadLimits): Promise<DownloadFile> {
    const start = resume ? partialSize(path) : 0;
    const handle = await fsPromises().open(path, start > 0 ? "a" : "w", 0o600);
    return new DownloadFile(path, handle, start, limits);
  }

  get size(): number {
    return this.bytes;
  }

  /** Before the bytes come: the announced total must be allowed and fit on the disk with room to spare. */
  expect(totalBytes: number | undefined): void {
    if (totalBytes === undefined) return this.checkRoom(0);
    if (totalBytes > this.limits.maxBytes) throw tooLarge(this.limits.maxBytes, `${totalBytes} bytes announced`);
    this.checkRoom(totalBytes - this.bytes);
  }

  async write(chunk: Uint8Array): Promise<void> {
    if (this.bytes + chunk.length > this.limits.maxBytes) throw tooLarge(this.limits.maxBytes, "the server sent more");
    this.sinceRoomCheck += chunk.length;
    if (this.sinceRoomCheck >= roomCheckEveryBytes) {
      this.sinceRoomCheck = 0;
      this.checkRoom(chunk.length);
    }
    try {
      await this.handle.write(chunk);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === "ENOSPC") throw new TransferFailure("diskFull", `the disk of ${this.path} is full`, { cause: error });
      throw error;
    }
    this.bytes += chunk.length;
  }

  async close(): Promise<void> {
    try {
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  private checkRoom(neededBytes: number): void {
    const free = (this.limits.freeBytes ?? freeBytesOf)(dirname(this.path));
    if (free - neededBytes < this.limits.spareBytes) {
      throw new TransferFailure("diskFull", `not enough free space for the download: ${neededBytes} bytes needed, ${free} free, ${this.limits.spareBytes} kept for the station`);
    }
  }
}

function tooLarge(maxBytes: number, why: string): TransferFailure {
  return new TransferFailure("tooLarge", `the file is larger than the ${maxBytes} bytes allowed (${why})`);
}
