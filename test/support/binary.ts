import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterThisTest } from "./cleanup.ts";

export const repoRoot = join(import.meta.dir, "..", "..");
export const binaryPath = join(repoRoot, "dist", "csc22b7");
export const arm64BinaryPath = join(repoRoot, "dist", "csc22b7-linux-arm64");

const builds = new Map<string, Promise<void>>();

/** Builds the executable once per test process with the project's own build script. */
export function buildBinary(script: "build" | "build:arm64" = "build"): Promise<void> {
  let build = builds.get(script);
  if (!build) {
    build = (async () => {
      const child = Bun.spawn(["bun", "run", script], { cwd: repoRoot, stdout: "pipe", stderr: "pipe" });
      const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
      if (code !== 0) throw new Error(`bun run ${script} failed (${code}): ${stderr}`);
    })();
    builds.set(script, build);
  }
  return build;
}

export type Finished = { exitCode: number; stdout: string; stderr: string };

/** Runs a command to completion with a clean environment (no Bun or test variables leak in). */
export async function runToEnd(command: string[], cwd: string, timeoutMs = 20_000): Promise<Finished> {
  const child = Bun.spawn(command, { cwd, stdout: "pipe", stderr: "pipe", env: { PATH: process.env.PATH ?? "/usr/bin:/bin" }, timeout: timeoutMs });
  const [exitCode, stdout, stderr] = await Promise.all([child.exited, new Response(child.stdout).text(), new Response(child.stderr).text()]);
  return { exitCode, stdout, stderr };
}

/**
 * `csc22b7 diag [args] --json` for the station of `config`: the report with diag's exit code (1 while it
 * sees a problem, such as the Central System being unreachable; the report is printed all the same).
 */
export async function diagJson<T = any>(config: string, cwd: string, ...args: string[]): Promise<T & { exitCode: number }> {
  const result = await runToEnd([binaryPath, "diag", ...args, "--json", "--config", config], cwd, 30_000);
  if (result.stdout === "") throw new Error(`diag ${args.join(" ")} printed nothing: ${result.stderr}`);
  return { ...JSON.parse(result.stdout), exitCode: result.exitCode };
}

export const hasQemuAarch64 = ["/usr/bin/qemu-aarch64", "/usr/bin/qemu-aarch64-static"].some((path) => existsSync(path));

/**
 * The compiled executable run with `args` for a test that reads its output itself; killed after the test
 * if still running, so that a failing test leaves no station reconnecting (or `diag log -f` following) behind.
 */
export function spawnBinary(args: string[], cwd: string, env?: Record<string, string>) {
  const child = Bun.spawn([binaryPath, ...args], { cwd, stdout: "pipe", stderr: "pipe", ...(env ? { env } : {}) });
  afterThisTest(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return child;
}
