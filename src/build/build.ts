/**
 * Builds the single executable: `bun src/build/build.ts x64|arm64`.
 * Flags per PLATFORM-NOTES: bytecode needs ESM for top-level await; the optional native
 * serial packages johnny-five mentions are never loaded (we always pass an IO plugin).
 */
import { $ } from "bun";

const targets = {
  x64: { target: "bun-linux-x64", outfile: "dist/csc22b7" },
  arm64: { target: "bun-linux-arm64", outfile: "dist/csc22b7-linux-arm64" },
} as const;

const arch = process.argv[2] as keyof typeof targets | undefined;
const chosen = arch ? targets[arch] : undefined;
if (!chosen) {
  console.error(`usage: bun src/build/build.ts ${Object.keys(targets).join("|")}`);
  process.exit(2);
}

const root = `${import.meta.dir}/../..`;
const commit = (await $`git rev-parse --short HEAD`.cwd(root).nothrow().quiet()).stdout.toString().trim() || "unknown";
const dirty = (await $`git status --porcelain`.cwd(root).nothrow().quiet()).stdout.toString().trim() ? "-dirty" : "";

const flags = [
  "--compile", `--target=${chosen.target}`, `--outfile=${chosen.outfile}`,
  "--minify", "--bytecode", "--format=esm", "--sourcemap",
  "--no-compile-autoload-dotenv", "--no-compile-autoload-bunfig",
  "-e", "serialport", "-e", "firmata", "-e", "browser-serialport",
  `--define=BUILD_COMMIT=${JSON.stringify(commit + dirty)}`,
];
await $`bun build src/main.ts ${flags}`.cwd(root);
