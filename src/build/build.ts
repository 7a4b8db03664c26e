/**
 * Builds the single executable: `bun src/build/build.ts x64|arm64 [outfile] [build commit]`; the
 * last two only for test images of a firmware update (another file, another build name).
 * Flags per PLATFORM-NOTES: bytecode needs ESM for top-level await; the optional native
 * serial packages johnny-five mentions are never loaded (we always pass an IO plugin).
 *
 * Memory (issue 7, idle RSS under 60 MB): the bytecode is laid out by a recorded profile
 * (test/bench/record-bytecode-order.ts), and the JIT's tier-up thresholds are scaled: the station's
 * work is I/O, so code that runs once (start-up) or rarely (heartbeats, statuses) stays in the
 * interpreter instead of being compiled into memory, while code kept busy (an offline backlog being
 * delivered) is still compiled. Measured with `bun test/bench/run.ts memory`: ×30 takes idle RSS from
 * about 55 to 50.5 MB for a backlog replay about 10 % slower; ×300 saves 2 MB more but costs 30 %.
 *
 * Start-up and memory (issue 18): with `splitting` each command's modules (cli.ts imports them at
 * first use) are a chunk of their own inside the executable, loaded only when that command runs. Without
 * it Bun loads the bytecode of the whole program before the first line: `run` then also loaded diag's,
 * sim's and config init's. Measured (test/bench/README.md, fourth pass): start → BootNotification
 * 2–25 ms less over six alternated pairs (about 8 typically), idle RSS at 70 s 51.6 → 49.7 MB (cold
 * page cache); the bytecode order was recorded again for the chunks.
 */
import { resolve } from "node:path";
import { $ } from "bun";
import { johnnyFiveShims } from "./johnny-five-shims.ts";

const targets = {
  x64: { target: "bun-linux-x64", outfile: "dist/csc22b7" },
  arm64: { target: "bun-linux-arm64", outfile: "dist/csc22b7-linux-arm64" },
} as const;

const arch = process.argv[2] as keyof typeof targets | undefined;
const target = arch ? targets[arch] : undefined;
if (!target) {
  console.error(`usage: bun src/build/build.ts ${Object.keys(targets).join("|")} [outfile] [build commit]`);
  process.exit(2);
}
const chosen = { ...target, outfile: process.argv[3] ?? target.outfile };

const root = `${import.meta.dir}/../..`;
const commit = process.argv[4] ?? ((await $`git rev-parse --short HEAD`.cwd(root).nothrow().quiet()).stdout.toString().trim() || "unknown");
const dirty = process.argv[4] === undefined && (await $`git status --porcelain`.cwd(root).nothrow().quiet()).stdout.toString().trim() ? "-dirty" : "";

const bytecodeOrder = "src/build/bytecode-order.prof";
const jitPolicy = 30;

const result = await Bun.build({
  entrypoints: [`${root}/src/main.ts`],
  target: "bun",
  format: "esm",
  minify: true,
  bytecode: true,
  splitting: true,
  sourcemap: "linked",
  compile: { target: chosen.target, outfile: resolve(root, chosen.outfile), autoloadDotenv: false, autoloadBunfig: false, bytecodeOrder: `${root}/${bytecodeOrder}`, jitPolicy },
  external: ["serialport", "firmata", "browser-serialport"],
  define: { BUILD_COMMIT: JSON.stringify(commit + dirty) },
  plugins: [johnnyFiveShims],
});
for (const message of result.logs) console.error(String(message));
if (!result.success) process.exit(1);
console.log(`${chosen.outfile} built (${commit}${dirty})`);
