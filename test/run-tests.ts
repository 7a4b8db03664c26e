/**
 * The whole test suite: `bun test` with a JUnit report, then the closing line CI reads,
 * `N passed, N failed, N skipped` (PLATFORM-NOTES: bun's own summary is not read).
 * Extra arguments go to `bun test` (e.g. a path or `-t TC_003_CS`).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";

const root = `${import.meta.dir}/..`;
const report = `${root}/test/results/junit.xml`;
mkdirSync(`${root}/test/results`, { recursive: true });
rmSync(report, { force: true });

const child = Bun.spawn(
  ["bun", "test", "--timeout", "60000", "--reporter=junit", `--reporter-outfile=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: ["inherit", "inherit", "inherit"] },
);
const exitCode = await child.exited;

const counts = existsSync(report) ? countResults(readFileSync(report, "utf8")) : { passed: 0, failed: 1, skipped: 0 };
console.log(`${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(exitCode !== 0 ? exitCode : counts.failed > 0 || counts.passed === 0 ? 1 : 0);

function countResults(xml: string): { passed: number; failed: number; skipped: number } {
  const root = /<testsuites\b[^>]*>/.exec(xml)?.[0] ?? "";
  const attribute = (name: string) => Number(new RegExp(`\\b${name}="(\\d+)"`).exec(root)?.[1] ?? 0);
  const tests = attribute("tests");
  const failed = attribute("failures") + attribute("errors");
  const skipped = attribute("skipped");
  return { passed: tests - failed - skipped, failed, skipped };
}
