/**
 * The whole test suite: `bun test` with a JUnit report, then the closing line CI reads,
 * `N passed, N failed, N skipped` (PLATFORM-NOTES: bun's own summary is not read).
 * Extra arguments go to `bun test` (e.g. a path or `-t TC_003_CS`).
 *
 * CI keeps only the end of the output, where bun names a failed test but not why it failed: so each
 * failure's message, and each error bun caught between tests, is printed again just before the closing line.
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";

const root = `${import.meta.dir}/..`;
const report = `${root}/test/results/junit.xml`;

// The official JSON schemas and the Mega 2560's firmware are read from the shared/ folder
// beside the clone (as CI has it): without it some 200 tests would fail, each on its own ENOENT.
const shared = resolve(root, "..", "shared");
const sharedNeeds = ["ocpp16/schemas", "firmata/StandardFirmataPlus-mega2560.hex"];
const sharedMissing = sharedNeeds.filter((path) => !existsSync(join(shared, path)));
if (sharedMissing.length > 0) {
  console.error(`The suite needs the reference folder ${shared} beside this clone (missing: ${sharedMissing.join(", ")}).`);
  console.error("Clone the repository next to shared/, or link it there: ln -s /path/to/shared ../shared");
  console.log("0 passed, 1 failed, 0 skipped");
  process.exit(2);
}
mkdirSync(`${root}/test/results`, { recursive: true });
rmSync(report, { force: true });

const child = Bun.spawn(
  ["bun", "test", "--timeout", "60000", "--reporter=junit", `--reporter-outfile=${report}`, ...process.argv.slice(2)],
  { cwd: root, stdio: ["inherit", "inherit", "pipe"] },
);
const errorsBetweenTests = await forwardCollectingErrorsBetweenTests(child.stderr);
const exitCode = await child.exited;

const xml = existsSync(report) ? readFileSync(report, "utf8") : "";
const failures = failuresIn(xml);
if (failures.length + errorsBetweenTests.length > 0) {
  console.log("\nWhat failed, again:");
  for (const failure of failures) console.log(`\n(fail) ${failure.file} > ${failure.name}\n${firstLines(failure.text, 60)}`);
  for (const error of errorsBetweenTests) console.log(`\n(error between tests)\n${firstLines(error, 60)}`);
}
const counts = xml ? countResults(xml) : { passed: 0, failed: 1, skipped: 0 };
// An error between tests fails the run (bun exits 1), so it counts as a failure here too.
counts.failed += errorsBetweenTests.length;
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

/** Each failed test case of the JUnit report, with what bun wrote of its failure (message and stack). */
function failuresIn(xml: string): { file: string; name: string; text: string }[] {
  const attribute = (tag: string, name: string) => unescapeXml(new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1] ?? "");
  return [...xml.matchAll(/(<testcase\b[^>]*>)\s*<(?:failure|error)\b[^>]*>([\s\S]*?)<\/(?:failure|error)>/g)].map(([, tag, body]) => ({
    file: attribute(tag!, "file"),
    name: attribute(tag!, "name"),
    text: unescapeXml(body!),
  }));
}

function unescapeXml(text: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };
  return text.replace(/&(#x[0-9a-f]+|#\d+|lt|gt|amp|quot|apos);/gi, (_, entity: string) =>
    entity.startsWith("#x") || entity.startsWith("#X") ? String.fromCodePoint(Number.parseInt(entity.slice(2), 16)) : entity.startsWith("#") ? String.fromCodePoint(Number(entity.slice(1))) : named[entity.toLowerCase()]!,
  );
}

/**
 * Passes bun's standard error through as it comes, and keeps each block bun prints under
 * `# Unhandled error between tests` (up to its closing dashes): such an error is in no JUnit test case.
 */
async function forwardCollectingErrorsBetweenTests(stream: ReadableStream<Uint8Array>): Promise<string[]> {
  const errors: string[] = [];
  const decoder = new TextDecoder();
  let pending = "";
  let block: string[] | undefined;
  let dashes = 0;
  const take = (line: string) => {
    if (line.includes("# Unhandled error between tests")) {
      block = [];
      dashes = 0;
    } else if (block) {
      if (/^-{10,}\s*$/.test(line)) dashes++;
      else block.push(line);
      if (dashes === 2) {
        errors.push(block.join("\n"));
        block = undefined;
      }
    }
  };
  for await (const chunk of stream) {
    process.stderr.write(chunk);
    const lines = (pending + decoder.decode(chunk, { stream: true })).split("\n");
    pending = lines.pop()!;
    for (const line of lines) take(line);
  }
  take(pending);
  if (block) errors.push(block.join("\n"));
  return errors;
}

function firstLines(text: string, count: number): string {
  const lines = text.trimEnd().split("\n");
  return lines.length <= count ? lines.join("\n") : [...lines.slice(0, count), `… (${lines.length - count} lines more)`].join("\n");
}
