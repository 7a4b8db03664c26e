/** What every benchmark shares: its result rows, the compiled station in a scratch directory, percentiles, /proc readings. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binaryPath as builtBinary } from "../support/binary.ts";

/** BENCH_BINARY measures another build (e.g. to compare flags); default: the one `bun run build` makes. */
export const binaryPath = process.env.BENCH_BINARY ?? builtBinary;

export type Target = { op: "<" | ">="; value: number };
export type Row = { figure: string; value: number; unit: string; target?: Target; note?: string };
export type Bench = { name: string; run(): Promise<Row[]> };

/** A compiled station on the virtual board in its own scratch directory. */
export class BenchStation {
  readonly dir = mkdtempSync(join(tmpdir(), "csc22b7-bench-"));
  readonly config = join(this.dir, "station.json");
  private child: ReturnType<typeof Bun.spawn> | undefined;
  private output = "";

  /** `env`: extra environment of the station process (PATH only by default). */
  constructor(
    config: { url: string; ocpp?: Record<string, unknown>; centralSystem?: Record<string, unknown>; hardware?: Record<string, unknown> },
    private readonly env: Record<string, string> = {},
  ) {
    const file = {
      chargePointId: "CSC22B7-BENCH",
      centralSystem: { url: config.url, reconnect: { minSec: 0.2, maxSec: 1 }, ...config.centralSystem },
      dataDir: "data",
      hardware: config.hardware ?? { board: "virtual" },
      ocpp: { MinimumStatusDuration: 0, ...config.ocpp },
    };
    writeFileSync(this.config, JSON.stringify(file, null, 2));
  }

  get dataDir(): string {
    return join(this.dir, "data");
  }

  get pid(): number {
    return this.child!.pid;
  }

  /** Starts the process; resolves with performance.now() taken just before the spawn. */
  start(): number {
    const startedAt = performance.now();
    this.output = "";
    this.child = Bun.spawn([binaryPath, "--config", this.config], { cwd: this.dir, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...extraEnv(), ...this.env } });
    void this.collect(this.child.stdout as ReadableStream<Uint8Array>);
    void this.collect(this.child.stderr as ReadableStream<Uint8Array>);
    return startedAt;
  }

  async waitForLine(pattern: RegExp, timeoutMs = 15_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (Date.now() > deadline) throw new Error(`no line matching ${pattern}:\n${this.output}`);
      await Bun.sleep(10);
    }
  }

  sim(...args: string[]): Promise<number> {
    return Bun.spawn([binaryPath, "sim", ...args, "--config", this.config], { cwd: this.dir, stdout: "ignore", stderr: "ignore" }).exited;
  }

  async stop(): Promise<void> {
    if (!this.child || this.child.exitCode !== null) return;
    this.child.kill("SIGTERM");
    await this.child.exited;
  }

  async remove(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async collect(stream: ReadableStream<Uint8Array>): Promise<void> {
    const decoder = new TextDecoder();
    for await (const chunk of stream) this.output += decoder.decode(chunk, { stream: true });
  }
}

/** BENCH_STATION_ENV="NAME=value NAME2=value": extra environment for every station a bench starts (to measure runtime options). */
function extraEnv(): Record<string, string> {
  const pairs = (process.env.BENCH_STATION_ENV ?? "").split(/\s+/).filter((pair) => pair.includes("="));
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf("=")), pair.slice(pair.indexOf("=") + 1)]));
}

export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export function residentMb(pid: number): number {
  return statusKb(pid, "VmRSS") / 1024;
}

/** The part of RSS that is the process's own (heap, stacks); the rest are clean pages of the executable. */
export function anonymousMb(pid: number): number {
  return statusKb(pid, "RssAnon") / 1024;
}

function statusKb(pid: number, field: string): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
}

/** User + system CPU time of a process so far, in seconds. */
export function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  const ticksPerSecond = 100; // USER_HZ on Linux
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/**
 * Voluntary context switches of every thread of a process so far: each is the thread going to sleep,
 * so their rate is how often the process wakes up (timers, sockets, the runtime's own threads). A
 * thread that ended is no longer counted; an idle station starts none.
 */
export function voluntarySwitches(pid: number): number {
  let total = 0;
  for (const count of switchesByThread(pid).values()) total += count;
  return total;
}

/**
 * The same per thread, keyed "name (tid)": which thread wakes up how often. Bun names its own threads
 * (`HeapHelper`, `mi-scavenger`, …); the main thread carries the executable's name.
 */
export function switchesByThread(pid: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    try {
      const status = readFileSync(`/proc/${pid}/task/${task}/status`, "utf8");
      const name = /^Name:\s+(.*)$/m.exec(status)?.[1] ?? "?";
      counts.set(`${name} (${task})`, Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)?.[1] ?? 0));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return counts;
}

/** Wake-ups a second of each thread between two `switchesByThread` readings, busiest first, as "name 12.3". */
export function wakeupsByThread(before: Map<string, number>, after: Map<string, number>, seconds: number): string {
  const rates = new Map<string, number>();
  for (const [key, count] of after) {
    const name = key.replace(/ \(\d+\)$/, "");
    rates.set(name, (rates.get(name) ?? 0) + (count - (before.get(key) ?? 0)) / seconds);
  }
  return [...rates].filter(([, rate]) => rate >= 0.05).sort((a, b) => b[1] - a[1]).map(([name, rate]) => `${name} ${rate.toFixed(1)}`).join(", ");
}
