import { describe, expect, test } from "bun:test";
import { join } from "node:path";
import { repoRoot } from "../../support/binary.ts";

describe("run dev (issue 19)", () => {
  test("a Central System port already in use is one line and exit 2, not a stack trace", async () => {
    const busy = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response("busy") });
    try {
      const dev = Bun.spawn(["bun", join(repoRoot, "src", "dev", "dev-station.ts")], {
        cwd: repoRoot,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", CSMS_PORT: String(busy.port) },
        stdin: "ignore",
        stdout: "pipe",
        stderr: "pipe",
        timeout: 20_000,
      });
      const [exitCode, stderr] = await Promise.all([dev.exited, new Response(dev.stderr).text()]);
      expect(exitCode).toBe(2);
      expect(stderr.trim().split("\n")).toEqual([expect.stringMatching(new RegExp(`^dev: cannot listen on port ${busy.port} \\(.*\\); stop what uses it, or run with CSMS_PORT=<free port>$`))]);
    } finally {
      busy.stop(true);
    }
  });
});
