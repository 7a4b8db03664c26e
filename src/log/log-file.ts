import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { join } from "node:path";
import { errorText, type LogSink } from "./logger.ts";

/** Where the station keeps its own log for `csc22b7 diag log`: dataDir/logs/station.log and one rotated file. */
export function logFilePaths(dataDir: string): { current: string; rotated: string } {
  const current = join(dataDir, "logs", "station.log");
  return { current, rotated: `${current}.1` };
}

/** Two files of this size at most: days of info-level lines, and it cannot fill the flash. */
export const defaultMaxLogBytes = 4 * 1024 * 1024;

/**
 * A bounded log file: when station.log would grow past `maxBytes` it becomes station.log.1 (the
 * previous one is dropped) and a new station.log starts. Writes are synchronous, so the last line
 * before a crash is on disk.
 */
export class LogFile {
  private fd: number | null = null;
  private sizeBytes = 0;
  private hasFailed = false;
  /** While the storage is full the file takes nothing (the space is kept for transaction records); lines still go to stdout. */
  private pausedLines: number | null = null;

  private constructor(
    private readonly paths: { current: string; rotated: string },
    private readonly maxBytes: number,
    private readonly onFailure: (message: string) => void,
  ) {}

  /** Opens (creating) the log in dataDir; a log that cannot be opened is a reason, not a stop for the station. */
  static open(
    dataDir: string,
    options: { maxBytes?: number; onFailure?: (message: string) => void } = {},
  ): { ok: true; file: LogFile } | { ok: false; reason: string } {
    const paths = logFilePaths(dataDir);
    const file = new LogFile(paths, options.maxBytes ?? defaultMaxLogBytes, options.onFailure ?? ((message) => process.stderr.write(message + "\n")));
    try {
      mkdirSync(join(dataDir, "logs"), { recursive: true, mode: 0o700 });
      file.openCurrent();
      return { ok: true, file };
    } catch (error) {
      return { ok: false, reason: `cannot open the log file ${paths.current}: ${errorText(error)}` };
    }
  }

  get path(): string {
    return this.paths.current;
  }

  /**
   * Appends one line. A failed write (disk full, flash gone read-only) must not stop the station:
   * it is reported once on stderr, and the next line tries again.
   */
  write(line: string): void {
    if (this.pausedLines !== null) {
      this.pausedLines++;
      return;
    }
    const bytes = Buffer.from(line + "\n", "utf8");
    try {
      if (this.fd === null) this.openCurrent();
      if (this.sizeBytes > 0 && this.sizeBytes + bytes.length > this.maxBytes) this.rotate();
      writeSync(this.fd!, bytes);
      this.sizeBytes += bytes.length;
      this.hasFailed = false;
    } catch (error) {
      if (!this.hasFailed) this.onFailure(`csc22b7: writing the log file ${this.paths.current} failed: ${errorText(error)}`);
      this.hasFailed = true;
    }
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Stops writing to the file while the storage is full, and says so in it when writing again. */
  setPaused(isPaused: boolean): void {
    if (isPaused && this.pausedLines === null) {
      this.write("log file paused: the storage is full; lines go to standard output only");
      this.pausedLines = 0;
    } else if (!isPaused && this.pausedLines !== null) {
      const skipped = this.pausedLines;
      this.pausedLines = null;
      this.write(`log file resumed: ${skipped} lines went to standard output only`);
    }
  }

  /** Closes and opens station.log again: after logrotate moved it away, lines go to a new file (SIGHUP). */
  reopen(): void {
    this.close();
    this.openCurrent();
  }

  private openCurrent(): void {
    this.fd = openSync(this.paths.current, "a", 0o600);
    this.sizeBytes = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    renameSync(this.paths.current, this.paths.rotated);
    this.openCurrent();
  }
}

/** Every line to standard output (the service manager's journal) and to the log file. */
export function stdoutAndFile(file: LogFile): LogSink {
  const stdout = new StandardOutput((reason) => file.write(`${new Date().toISOString()} WARN  log: standard output closed (${reason}); lines go to this file only`));
  return (line) => {
    stdout.write(line);
    file.write(line);
  };
}

/**
 * Standard output that never takes the station down: when its reader goes away (a `| tee` ended with
 * Ctrl-C, a journald restart, a closed SSH pipe) writes fail with EPIPE; that is noted once and
 * standard output is no longer written, while the log file goes on.
 */
export class StandardOutput {
  private isClosed = false;

  constructor(
    private readonly closed: (reason: string) => void,
    private readonly stream: NodeJS.WriteStream = process.stdout,
  ) {
    stream.on("error", (error) => this.close(error));
  }

  write(line: string): void {
    if (this.isClosed) return;
    try {
      this.stream.write(line + "\n");
    } catch (error) {
      this.close(error);
    }
  }

  private close(error: unknown): void {
    if (this.isClosed) return;
    this.isClosed = true;
    this.closed(errorText(error));
  }
}

/** The station's own log as text from its files (StationHost.logFiles, oldest first); "" for a file not there yet (GetLog DiagnosticsLog). */
export function readLogFiles(paths: readonly string[]): string {
  const read = (path: string) => {
    try {
      return readFileSync(path, "utf8");
    } catch {
      return "";
    }
  };
  return paths.map(read).join("");
}
