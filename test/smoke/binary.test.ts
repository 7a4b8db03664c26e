import { beforeAll, describe, expect, test } from "bun:test";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startDevCsms } from "../../src/dev/dev-csms.ts";
import { arm64BinaryPath, binaryPath, buildBinary, hasQemuAarch64, runToEnd, spawnBinary } from "../support/binary.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";
import packageJson from "../../package.json" with { type: "json" };

beforeAll(() => buildBinary(), 120_000);

const run = (args: string[], cwd: string) => runToEnd([binaryPath, ...args], cwd);

describe("the compiled executable", () => {
  test("prints its version and help from an empty directory", async () => {
    const cwd = tempDir();
    const version = await run(["--version"], cwd);
    expect(version.exitCode).toBe(0);
    expect(version.stdout).toStartWith(`csc22b7 ${packageJson.version} (`);
    const help = await run(["--help"], cwd);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("csc22b7 config init");
  });

  test("config check takes the file as config init does, positionally, or with --config (issue 19)", async () => {
    const cwd = tempDir();
    expect((await run(["config", "init", "mine.json"], cwd)).exitCode).toBe(0);
    const positional = await run(["config", "check", "mine.json"], cwd);
    expect([positional.exitCode, positional.stdout]).toEqual([0, expect.stringContaining("mine.json: ok")]);
    expect((await run(["config", "check", "--config", "mine.json"], cwd)).exitCode).toBe(0);
    const bare = await run([], cwd);
    expect([bare.exitCode, bare.stderr]).toEqual([2, expect.stringContaining('write one with "csc22b7 config init')]);
  });

  test("rejects an unknown command and an unknown flag with exit code 2", async () => {
    const cwd = tempDir();
    const command = await run(["fly"], cwd);
    expect([command.exitCode, command.stderr]).toEqual([2, 'csc22b7: unknown command "fly"\nRun "csc22b7 --help" for usage.\n']);
    const flag = await run(["--config", "x.json", "--turbo"], cwd);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--turbo'");
  });

  test("writes a default configuration, starts on it, creates its database and stops cleanly on SIGTERM", async () => {
    const cwd = tempDir();
    expect((await run(["config", "init"], cwd)).exitCode).toBe(0);
    const station = spawnBinary(["--config", "station.json"], cwd, {});
    const lines = linesOf(station.stdout);
    await lines.waitFor(/database open/);
    station.kill("SIGTERM");
    expect(await station.exited).toBe(0);
    expect(lines.text()).toMatch(/INFO  station: stopped/);
    expect(existsSync(join(cwd, "data", "station.db"))).toBe(true);
  });

  test("connects to the development Central System and registers", async () => {
    const cwd = tempDir();
    const csms = startDevCsms({ port: 0, print: () => {} });
    try {
      const config = writeStationConfig(cwd, { centralSystem: { url: csms.url } });
      const station = spawnBinary(["--config", config], cwd, {});
      const lines = linesOf(station.stdout);
      await lines.waitFor(/registration accepted/);
      station.kill("SIGTERM");
      expect(await station.exited).toBe(0);
    } finally {
      csms.stop();
    }
  });

  test("stops cleanly on SIGINT too", async () => {
    const cwd = tempDir();
    const config = writeStationConfig(cwd);
    const station = spawnBinary(["--config", config], cwd, {});
    const lines = linesOf(station.stdout);
    await lines.waitFor(/database open/);
    station.kill("SIGINT");
    expect(await station.exited).toBe(0);
  });

  test("refuses a corrupt database with exit code 1 and the file's name", async () => {
    const cwd = tempDir();
    const config = writeStationConfig(cwd);
    await Bun.write(join(cwd, "data", "station.db"), "this is not a database".repeat(400));
    const result = await run(["--config", config], cwd);
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain(`cannot use database ${join(cwd, "data", "station.db")}: file is not a database`);
  });
});

describe("bad configuration files exit 2 with one line per problem", () => {
  const cases: { name: string; write(dir: string): string; expected: (file: string) => string }[] = [
    {
      name: "missing field",
      write: (dir) => writeJson(dir, { centralSystem: { url: "ws://h/ocpp" }, dataDir: "d", hardware: { board: "virtual" } }),
      expected: (file) => `${file}: chargePointId: is required\n`,
    },
    {
      name: "wrong type",
      write: (dir) => writeStationConfig(dir, { chargePointId: 42 }),
      expected: (file) => `${file}: chargePointId: must be string, got 42\n`,
    },
    {
      name: "bad URL",
      write: (dir) => writeStationConfig(dir, { centralSystem: { url: "https://csms.example.com" } }),
      expected: (file) => `${file}: centralSystem.url: must start with ws:// or wss://\n`,
    },
    {
      name: "unknown board",
      write: (dir) => writeStationConfig(dir, { hardware: { board: "raspberry" } }),
      expected: (file) => `${file}: hardware.board: unknown board "raspberry": must be "virtual" or "firmata"\n`,
    },
    {
      name: "unreadable file",
      write: (dir) => join(dir, "absent.json"),
      expected: (file) => `${file}: cannot read the configuration file: file not found; write one with "csc22b7 config init ${file}", or name another with --config FILE\n`,
    },
    {
      name: "invalid JSON",
      write: (dir) => {
        writeFileSync(join(dir, "station.json"), '{"chargePointId": "A",}');
        return join(dir, "station.json");
      },
      expected: (file) => `${file}: (root): invalid JSON at line 1, column 23: JSON Parse error: Property name must be a string literal\n`,
    },
  ];
  for (const { name, write, expected } of cases) {
    test(name, async () => {
      const cwd = tempDir();
      const file = write(cwd);
      const result = await run(["--config", file], cwd);
      expect(result).toEqual({ exitCode: 2, stdout: "", stderr: expected(file) });
    });
  }
});

const qemuSkipReason = hasQemuAarch64 ? "" : " (SKIPPED: qemu-user is not installed; `apt-get install qemu-user libc6-arm64-cross` runs the arm64 executable here, and CI installs it)";

describe(`the linux-arm64 executable${qemuSkipReason}`, () => {
  test.skipIf(!hasQemuAarch64)("builds and runs under qemu-aarch64", async () => {
    await buildBinary("build:arm64");
    const result = await runToEnd(["qemu-aarch64", "-L", "/usr/aarch64-linux-gnu", arm64BinaryPath, "--version"], tempDir());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toStartWith(`csc22b7 ${packageJson.version} (`);
  }, 120_000);
});

function writeJson(dir: string, value: unknown): string {
  const file = join(dir, "station.json");
  writeFileSync(file, JSON.stringify(value));
  return file;
}

/** Collects a child's output lines and lets a test wait for one to appear. */
function linesOf(stream: ReadableStream<Uint8Array>) {
  let text = "";
  const waiters: { pattern: RegExp; resolve(): void }[] = [];
  (async () => {
    const decoder = new TextDecoder();
    for await (const chunk of stream) {
      text += decoder.decode(chunk, { stream: true });
      for (const waiter of waiters.filter((w) => w.pattern.test(text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  })();
  return {
    text: () => text,
    waitFor: (pattern: RegExp) => (pattern.test(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ pattern, resolve }))),
  };
}
