import { EventEmitter } from "node:events";
import { closeSync, constants, openSync, writeSync } from "node:fs";
import type { Clock } from "../src/station/ports.ts";

type PendingWrite = { bytes: Buffer; callback: ((error?: Error | null) => void) | undefined };

const eagainRetryMs = 5;

/**
 * A serial port for Bun without the serialport addon, in the shape firmata-io takes as its transport:
 * `write(bytes, callback)`, emitting open, data, close and error. The tty is opened non-blocking and put
 * into raw mode with stty; reads come from Bun.file(fd).stream() (a Node tty.ReadStream fails with EAGAIN
 * on such an fd), and writes are queued and retried when the port's buffer is full.
 */
export class SerialTransport extends EventEmitter {
  private fd: number | null = null;
  private reader: { cancel(): Promise<void> } | null = null;
  private readonly queue: PendingWrite[] = [];
  private cancelRetry: (() => void) | null = null;

  constructor(
    readonly path: string,
    private readonly baudRate: number,
    private readonly clock: Clock,
  ) {
    super();
  }

  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Emits "open" once the port is usable, or "error" (with the cause) if it cannot be opened. */
  open(): void {
    try {
      this.fd = openSync(this.path, constants.O_RDWR | constants.O_NOCTTY | constants.O_NONBLOCK);
      configureRaw(this.path, this.baudRate);
    } catch (cause) {
      this.closeFd();
      queueMicrotask(() => this.emit("error", new Error(`cannot open serial port ${this.path}`, { cause })));
      return;
    }
    const fd = this.fd;
    queueMicrotask(() => {
      if (this.fd !== fd) return;
      this.emit("open");
      void this.readLoop(fd);
    });
  }

  write(data: Buffer | number[], callback?: (error?: Error | null) => void): void {
    if (this.fd === null) {
      callback?.(new Error(`serial port ${this.path} is not open`));
      return;
    }
    this.queue.push({ bytes: Buffer.from(data), callback });
    if (!this.cancelRetry) this.drain();
  }

  /** Resolves once everything queued has been written, or after `timeoutMs` with the rest still queued. */
  drained(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const deadlineMs = this.clock.now().getTime() + timeoutMs;
      const check = () => {
        if (this.queue.length === 0 || this.fd === null || this.clock.now().getTime() >= deadlineMs) return resolve();
        this.clock.after(eagainRetryMs, check);
      };
      check();
    });
  }

  /** Stops reading, fails what is still queued and closes the port; emits "close" once. */
  close(): void {
    if (this.fd === null) return;
    // Stop the stream before the fd goes, so it never polls a closed (or reused) descriptor.
    void this.reader?.cancel();
    this.reader = null;
    this.closeFd();
    for (const pending of this.queue.splice(0)) pending.callback?.(new Error(`serial port ${this.path} closed`));
    this.emit("close");
  }

  private async readLoop(fd: number): Promise<void> {
    const reader = Bun.file(fd).stream().getReader();
    this.reader = reader;
    let failure: unknown;
    try {
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) this.emit("data", Buffer.from(chunk.value));
    } catch (error) {
      failure = error;
    }
    if (this.fd !== fd) return;
    // The other end went away (USB unplugged, PTY closed): end of file or EIO.
    if (failure) this.emit("error", new Error(`reading serial port ${this.path} failed`, { cause: failure }));
    this.close();
  }

  private drain(): void {
    this.cancelRetry = null;
    while (this.fd !== null && this.queue.length > 0) {
      const pending = this.queue[0]!;
      try {
        const written = writeSync(this.fd, pending.bytes);
        if (written < pending.bytes.length) {
          pending.bytes = pending.bytes.subarray(written);
          continue;
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "EAGAIN") {
          this.cancelRetry = this.clock.after(eagainRetryMs, () => this.drain());
          return;
        }
        this.emit("error", new Error(`writing serial port ${this.path} failed`, { cause: error }));
        this.close();
        return;
      }
      this.queue.shift();
      pending.callback?.(null);
    }
  }

  private closeFd(): void {
    this.cancelRetry?.();
    this.cancelRetry = null;
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    try {
      closeSync(fd);
    } catch {
      // Already gone with the device; nothing is left to release.
    }
  }
}

/** 8N1, raw bytes, no echo, no flow control, modem lines ignored. */
function configureRaw(path: string, baudRate: number): void {
  const result = Bun.spawnSync(["stty", "-F", path, String(baudRate), "raw", "-echo", "clocal", "cs8", "-cstopb", "-parenb", "-crtscts", "-ixon", "-ixoff"], {
    stderr: "pipe",
  });
  if (result.exitCode !== 0) throw new Error(`stty failed: ${result.stderr.toString().trim() || `exit code ${result.exitCode}`}`);
}
