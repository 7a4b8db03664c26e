import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, rmSync, statfsSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { Clock, Log, StorageHealth } from "../station/ports.ts";
import { errorText } from "../log/logger.ts";

/** The file that holds space back for the records a full storage must still take (a StopTransaction). */
export const reserveFileName = "reserved-space";
/** A second, smaller one, given up only by a start that finds the disk full: the database can open (its WAL and index files) and the start is recorded. */
export const startReserveFileName = "reserved-space-start";

export type StorageSpaceOptions = {
  dataDir: string;
  clock: Clock;
  log: Log;
  /** Space kept back in the reserve file; the stops of both connectors fit in a fraction of it. */
  reserveBytes?: number;
  /** Below this much free space the storage counts as full. */
  lowWaterBytes?: number;
  /** How often free space is looked at. */
  checkEveryMs?: number;
  freeBytes?: (dir: string) => number;
};

/**
 * The storage of dataDir as the station sees it. A reserve file keeps space back: when the disk
 * fills (a write fails with "database or disk is full", or free space drops below the low-water
 * mark) the reserve is given up so that the stop of a running transaction can still be written, new
 * transactions are refused, and the state is reported. Free space is looked at periodically; once
 * there is room for the reserve and more, it is taken back and the storage is usable again.
 */
export class StorageSpace implements StorageHealth {
  private full = false;
  private readonly listeners = new Set<(isFull: boolean) => void>();
  private readonly whileFullTasks: (() => void)[] = [];
  private cancelCheck: (() => void) | undefined;
  private readonly reserveFile: string;
  private readonly startReserveFile: string;
  private readonly reserveBytes: number;
  private readonly lowWaterBytes: number;

  constructor(private readonly options: StorageSpaceOptions) {
    this.reserveFile = join(options.dataDir, reserveFileName);
    this.startReserveFile = join(options.dataDir, startReserveFileName);
    this.reserveBytes = options.reserveBytes ?? 128 * 1024;
    this.lowWaterBytes = options.lowWaterBytes ?? 32 * 1024;
  }

  get isFull(): boolean {
    return this.full;
  }

  /** Looks at free space now (before the database is opened: a full disk gives up the reserve first), then every `checkEveryMs`. */
  start(): void {
    mkdirSync(this.options.dataDir, { recursive: true, mode: 0o700 });
    this.check();
    if (this.full && releaseFile(this.startReserveFile)) this.options.log.warn("start on a full storage: the start reserve is given up so that the database can open", { dataDir: this.options.dataDir });
    this.schedule();
  }

  stop(): void {
    this.cancelCheck?.();
    this.cancelCheck = undefined;
  }

  onChanged(listener: (isFull: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Work that frees space inside the store while it is full (a WAL checkpoint, so the log's space is
   * written again instead of grown); run on becoming full and at every check until it is not.
   */
  whileFull(task: () => void): void {
    this.whileFullTasks.push(task);
  }

  /** Runs a write that must not be lost; when the storage is full it runs again on the space of the reserve. */
  withReserve<T>(write: () => T): T {
    try {
      return write();
    } catch (error) {
      if (!isStorageFullError(error)) throw error;
      this.becomeFull(errorText(error));
      return write();
    }
  }

  /** Full below the low-water mark or without room for the reserve; usable again once both fit (no flapping). */
  private check(): void {
    const free = this.freeBytes();
    if (free === undefined) return;
    if (this.full) {
      if (free >= this.reserveBytes + this.startReserveBytes + this.lowWaterBytes) this.recover(free);
      else this.runWhileFullTasks();
    } else if (free < this.lowWaterBytes) {
      this.becomeFull(`${free} bytes free`);
    } else if (!this.hasReserves() && (free < this.reserveBytes + this.startReserveBytes + this.lowWaterBytes || !this.takeReserves())) {
      this.becomeFull(`${free} bytes free: no room for the reserve`);
    }
  }

  private becomeFull(why: string): void {
    const hadReserve = this.releaseReserve();
    if (this.full) return;
    this.full = true;
    this.runWhileFullTasks();
    this.options.log.error("storage full: new transactions are refused until space returns; running ones still record their stop", {
      dataDir: this.options.dataDir,
      why,
      reserveReleased: hadReserve,
    });
    this.emit();
  }

  private runWhileFullTasks(): void {
    for (const task of this.whileFullTasks) {
      try {
        task();
      } catch (error) {
        this.options.log.warn("freeing space in the store failed", { error: errorText(error) });
      }
    }
  }

  private recover(free: number): void {
    if (!this.takeReserve(this.reserveFile, this.reserveBytes) || !this.takeReserve(this.startReserveFile, this.startReserveBytes)) return;
    this.full = false;
    this.options.log.info("storage space recovered: new transactions are accepted again", { dataDir: this.options.dataDir, freeBytes: free });
    this.emit();
  }

  private get startReserveBytes(): number {
    return this.reserveBytes / 2;
  }

  private hasReserves(): boolean {
    return existsSync(this.reserveFile) && existsSync(this.startReserveFile);
  }

  private takeReserves(): boolean {
    return this.takeReserve(this.reserveFile, this.reserveBytes) && this.takeReserve(this.startReserveFile, this.startReserveBytes);
  }

  /** Writes a reserve file in full (a sparse file would hold nothing back); false if there is no room. */
  private takeReserve(file: string, bytes: number): boolean {
    if (existsSync(file)) return true;
    let fd: number | undefined;
    try {
      fd = openSync(file, "w", 0o600);
      const chunk = Buffer.alloc(Math.min(64 * 1024, bytes), 0xa5);
      for (let written = 0; written < bytes; written += chunk.length) writeSync(fd, chunk);
      fsyncSync(fd);
      return true;
    } catch (error) {
      this.options.log.warn("no room for the storage reserve yet", { file, error: errorText(error) });
      releaseFile(file);
      return false;
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  private releaseReserve(): boolean {
    return releaseFile(this.reserveFile);
  }

  private freeBytes(): number | undefined {
    try {
      if (this.options.freeBytes) return this.options.freeBytes(this.options.dataDir);
      const stats = statfsSync(this.options.dataDir);
      return stats.bavail * stats.bsize;
    } catch (error) {
      this.options.log.warn("free space of dataDir unknown", { dataDir: this.options.dataDir, error: errorText(error) });
      return undefined;
    }
  }

  private schedule(): void {
    this.cancelCheck = this.options.clock.after(this.options.checkEveryMs ?? 5_000, () => {
      this.check();
      this.schedule();
    });
  }

  private emit(): void {
    for (const listener of this.listeners) listener(this.full);
  }
}

function releaseFile(file: string): boolean {
  if (!existsSync(file)) return false;
  rmSync(file, { force: true });
  return true;
}

/** SQLITE_FULL ("database or disk is full") or ENOSPC, anywhere in the error's cause chain. */
export function isStorageFullError(error: unknown): boolean {
  for (let cause = error; cause instanceof Error; cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (code === "SQLITE_FULL" || code === "ENOSPC" || /database or disk is full|no space left on device/i.test(cause.message)) return true;
  }
  return false;
}
