import { afterTheRun } from "./cleanup.ts";

/** A station started as its own process (source or compiled binary), with its log lines at hand. */
export type StationProcess = {
  readonly pid: number;
  output(): string;
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number>;
  kill(signal: NodeJS.Signals): void;
  exited: Promise<number>;
};

/** `env` adds to a clean environment that has only PATH. */
export function startStationProcess(command: string[], cwd: string, env: Record<string, string> = {}): StationProcess {
  const child = Bun.spawn(command, { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin", ...env } });
  // A station a failed test left running would outlive the test process, reconnecting forever.
  afterTheRun(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  let text = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) text += decoder.decode(chunk, { stream: true });
  };
  void collect(child.stdout);
  void collect(child.stderr);
  return {
    pid: child.pid,
    output: () => text,
    exited: child.exited,
    async waitForLine(pattern, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(text)) {
        if (child.exitCode !== null) throw new Error(`station exited (${child.exitCode}) before ${pattern}:\n${text}`);
        if (Date.now() > deadline) throw new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${text}`);
        await Bun.sleep(20);
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      return child.exited;
    },
    kill: (signal) => child.kill(signal),
  };
}
