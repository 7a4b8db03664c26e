/**
 * The compiled station as the lab drives it (LAB-INTERFACE.md): one configuration file and data
 * directory, started and stopped again and again (SIGTERM) or cut off (SIGKILL = power loss), with
 * `csc22b7 sim` for the virtual world. Remembers when each run began and ended.
 */
import { binaryPath, runToEnd, type Finished } from "./binary.ts";
import { startStationProcess, type StationProcess } from "./station-process.ts";
import { writeStationConfig } from "./temp-dir.ts";

export type StationRun = { startedAtMs: number; endedAtMs: number | undefined; end: "killed" | "stopped" | undefined };

export class BinaryStation {
  readonly config: string;
  readonly runs: StationRun[] = [];
  private current: StationProcess | undefined;
  private readonly processes: StationProcess[] = [];

  constructor(
    readonly cwd: string,
    config: Record<string, unknown>,
  ) {
    this.config = writeStationConfig(cwd, config);
  }

  get process(): StationProcess | undefined {
    return this.current;
  }

  /** The standard output and error of every run so far. */
  get outputs(): string[] {
    return this.processes.map((process) => process.output());
  }

  get isRunning(): boolean {
    return this.current !== undefined;
  }

  /** Starts a new run; resolves once the process runs (not yet registered). */
  start(): StationProcess {
    if (this.current) throw new Error("the station is already running");
    this.runs.push({ startedAtMs: Date.now(), endedAtMs: undefined, end: undefined });
    this.current = startStationProcess([binaryPath, "--config", this.config], this.cwd);
    this.processes.push(this.current);
    return this.current;
  }

  /** Starts and waits for the Central System to accept the BootNotification. */
  async startRegistered(timeoutMs = 15_000): Promise<StationProcess> {
    const process = this.start();
    await process.waitForLine(/registration accepted/, timeoutMs);
    return process;
  }

  /** Power loss: SIGKILL, nothing of the process runs after it. */
  async kill(): Promise<void> {
    const [process, run] = this.take("killed");
    process.kill("SIGKILL");
    run.endedAtMs = Date.now();
    await process.exited;
  }

  /** SIGTERM: a clean stop; resolves with the exit code. */
  async stop(): Promise<number> {
    const [process, run] = this.take("stopped");
    const exitCode = await process.stop();
    run.endedAtMs = Date.now();
    return exitCode;
  }

  /**
   * Runs `body`; if it fails, the error carries the station's last ERROR and WARN lines of every run
   * (at most `maxLines`, the newest), since CI shows a failure's message but not the test's output.
   */
  async explainingFailure<T>(body: () => Promise<T>, maxLines = 40): Promise<T> {
    try {
      return await body();
    } catch (error) {
      const lines = this.outputs.flatMap((output, run) => output.split("\n").filter((line) => / (ERROR|WARN) /.test(line)).map((line) => `run ${run}: ${line}`));
      const shown = lines.slice(-maxLines).join("\n");
      if (error instanceof Error) error.message += `\n\nthe station's last errors and warnings (${lines.length} in all):\n${shown}`;
      throw error;
    }
  }

  sim(...args: string[]): Promise<Finished> {
    return runToEnd([binaryPath, "sim", ...args, "--config", this.config], this.cwd);
  }

  private take(end: "killed" | "stopped"): [StationProcess, StationRun] {
    const process = this.current;
    if (!process) throw new Error("the station is not running");
    this.current = undefined;
    const run = this.runs.at(-1)!;
    run.end = end;
    return [process, run];
  }
}
