import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { repoRoot } from "./binary.ts";

/**
 * `run dev` as a newcomer runs it: its own process group (so an interrupt reaches the station and the
 * dev script alike, as Ctrl-C does), lines typed on its standard input, everything it prints kept.
 */
export class DevTerminalSession {
  readonly lines: string[] = [];
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private partial = "";

  constructor(devStationDir: string) {
    this.child = spawn("bun", [join(repoRoot, "src", "dev", "dev-station.ts")], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", DEV_STATION_DIR: devStationDir, CSMS_PORT: "0", NO_COLOR: "1" },
      stdio: ["pipe", "pipe", "pipe"],
      detached: true,
    });
    const collect = (chunk: Buffer) => {
      const parts = (this.partial + chunk.toString("utf8")).split("\n");
      this.partial = parts.pop()!;
      this.lines.push(...parts);
    };
    this.child.stdout!.on("data", collect);
    this.child.stderr!.on("data", collect);
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve(code)));
  }

  type(line: string): void {
    this.child.stdin!.write(line + "\n");
  }

  /** The index of the first line from `from` on that matches, once it has been printed. */
  async waitFor(pattern: RegExp | ((line: string) => boolean), from = 0, timeoutMs = 30_000, what = String(pattern)): Promise<number> {
    const matches = typeof pattern === "function" ? pattern : (line: string) => pattern.test(line);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.lines.findIndex((line, i) => i >= from && matches(line));
      if (index >= 0) return index;
      if (Date.now() > deadline) throw new Error(`no line matching ${what} after line ${from} within ${timeoutMs} ms; printed:\n${this.lines.slice(from).join("\n")}`);
      await Bun.sleep(50);
    }
  }

  /** Ctrl-C: SIGINT to the whole process group. */
  interrupt(): void {
    process.kill(-this.child.pid!, "SIGINT");
  }

  /** For a test that failed half-way: nothing of the session is left running. */
  kill(): void {
    if (this.child.exitCode === null) process.kill(-this.child.pid!, "SIGKILL");
  }
}
