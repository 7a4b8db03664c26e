import { afterEach, describe, expect, test } from "bun:test";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../support/binary.ts";
import { DevTerminalSession } from "../../support/dev-terminal-session.ts";
import { tempDir } from "../../support/temp-dir.ts";

/** One step of the README's walkthrough: what is typed (nothing for the start), then the lines it shows. */
type Step = { input: string | null; expected: string[] };

/** The block after the `<!-- walkthrough` marker: `$ ` starts it, `> ` lines are typed, `…` alone is left out. */
function walkthroughSteps(readme: string): Step[] {
  const marker = readme.indexOf("<!-- walkthrough");
  const block = /```text\n([\s\S]*?)```/.exec(readme.slice(marker));
  if (marker < 0 || !block) throw new Error("README.md has no walkthrough block");
  const steps: Step[] = [{ input: null, expected: [] }];
  for (const line of block[1]!.trimEnd().split("\n")) {
    if (line.startsWith("$ ") || line === "…") continue;
    if (line.startsWith("> ")) steps.push({ input: line.slice(2), expected: [] });
    else steps.at(-1)!.expected.push(line);
  }
  return steps;
}

/** A README line as a pattern of a whole printed line: `…` stands for anything. */
function linePattern(line: string): RegExp {
  const parts = line.split("…").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join(".*")}$`);
}

let session: DevTerminalSession | undefined;
afterEach(() => session?.kill());

describe("README walkthrough (issue 19)", () => {
  test("every line the README shows appears when its steps are typed into run dev, the frames in the order shown", async () => {
    const steps = walkthroughSteps(readFileSync(join(repoRoot, "README.md"), "utf8"));
    expect(steps.map((step) => step.input)).toEqual([null, "plug 1", "swipe 04A2B3C4", "swipe 04A2B3C4", "unplug 1", "^C"]);
    const devDir = tempDir();
    session = new DevTerminalSession(devDir);
    const port = /127\.0\.0\.1:(\d+)/.exec(session.lines[await session.waitFor(/^dev: Central System on /)]!)![1];
    // The README shows a run on the default port in dist/dev-station.
    const asInReadme = (line: string) => line.replaceAll(`127.0.0.1:${port}/`, "127.0.0.1:9000/").replaceAll(devDir, join(repoRoot, "dist", "dev-station"));
    let stepStart = 0;
    for (const step of steps) {
      if (step.input === "^C") session.interrupt();
      else if (step.input !== null) session.type(step.input);
      let lastFrame = stepStart;
      for (const expected of step.expected) {
        const pattern = linePattern(expected);
        const at = await session.waitFor((line) => pattern.test(asInReadme(line)), stepStart, 30_000, expected);
        // Frames are printed by one process in the order they travel; the other lines come from two.
        if (expected.startsWith("csms: ")) {
          expect({ expected, isAfterPreviousFrame: at >= lastFrame }).toEqual({ expected, isAfterPreviousFrame: true });
          lastFrame = at;
        }
      }
      stepStart = session.lines.length;
    }
    expect(await session.exited).toBe(0);
  }, 90_000);
});
