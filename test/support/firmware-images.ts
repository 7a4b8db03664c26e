/**
 * Firmware images for update tests (src/profiles/firmware-management/README.md): a good one (the station built again under
 * another build name), ones that pass the checks and misbehave when they run, and bad files made from
 * copies (a shell script, a truncated copy, a copy for the other architecture, a damaged gzip).
 */
import { chmodSync, copyFileSync, mkdirSync, openSync, closeSync, readFileSync, truncateSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import type { Route } from "./file-servers.ts";
import { binaryPath, repoRoot } from "./binary.ts";
import { tempDir } from "./temp-dir.ts";

export const imagesDir = join(repoRoot, "dist", "test-images");
/** The build name of the good image: diag and `--version` show it once installed. */
export const newBuild = "fw-new";

export type TestImages = { good: string; exits: string; hangs: string };

let built: Promise<TestImages> | undefined;

/** Built once per test process (about 5 s): the good image and the two misbehaving ones. */
export function testImages(): Promise<TestImages> {
  built ??= (async () => {
    mkdirSync(imagesDir, { recursive: true });
    const images = { good: join(imagesDir, "csc22b7-new"), exits: join(imagesDir, "csc22b7-exits"), hangs: join(imagesDir, "csc22b7-hangs") };
    await Promise.all([
      run(["bun", "src/build/build.ts", "x64", images.good, newBuild]),
      run(["bun", "build", "--compile", "--define", 'BEHAVIOUR="exit"', "test/support/firmware-images/misbehaving-image.ts", "--outfile", images.exits]),
      run(["bun", "build", "--compile", "--define", 'BEHAVIOUR="hang"', "test/support/firmware-images/misbehaving-image.ts", "--outfile", images.hangs]),
    ]);
    return images;
  })();
  return built;
}

async function run(command: string[]): Promise<void> {
  const child = Bun.spawn(command, { cwd: repoRoot, stdout: "pipe", stderr: "pipe" });
  const [code, stderr] = await Promise.all([child.exited, new Response(child.stderr).text()]);
  if (code !== 0) throw new Error(`${command.join(" ")} failed (${code}): ${stderr}`);
}

/** The station installed as a field technician would: a copy of dist/csc22b7 in a folder of its own, which an update may replace. */
export function installedCopy(): string {
  const bin = tempDir("csc22b7-bin-");
  const executable = join(bin, "csc22b7");
  copyFileSync(binaryPath, executable);
  chmodSync(executable, 0o755);
  return executable;
}

/** Bad files, made now in a temporary folder. */
export const badImages = {
  shellScript(): string {
    const file = join(tempDir("csc22b7-img-"), "exit1.sh");
    writeFileSync(file, "#!/bin/sh\nexit 1\n", { mode: 0o755 });
    return file;
  },
  /** The station cut off in the middle: its ELF header says more than the file has. */
  truncated(): string {
    const file = join(tempDir("csc22b7-img-"), "truncated");
    copyFileSync(binaryPath, file);
    truncateSync(file, 40 * 1024 * 1024);
    return file;
  },
  /** The station with its ELF machine field set to AArch64 (183), as an arm64 build has it. */
  otherArchitecture(): string {
    const file = join(tempDir("csc22b7-img-"), "arm64");
    copyFileSync(binaryPath, file);
    const fd = openSync(file, "r+");
    writeSync(fd, new Uint8Array([183, 0]), 0, 2, 18);
    closeSync(fd);
    return file;
  },
  /** A gzip of the station with bytes in the middle of the compressed stream overwritten. */
  corruptGzip(): string {
    const file = join(tempDir("csc22b7-img-"), "corrupt.gz");
    const packed = gzipSync(readFileSync(binaryPath), { level: 1 });
    packed.fill(0x55, Math.floor(packed.length / 2), Math.floor(packed.length / 2) + 4096);
    writeFileSync(file, packed);
    return file;
  },
  gzipOf(path: string): string {
    const file = join(tempDir("csc22b7-img-"), "image.gz");
    writeFileSync(file, gzipSync(readFileSync(path), { level: 1 }));
    return file;
  },
};

/** Serves a file from disk with Range support (206), without holding it in memory. */
export function servesPath(path: string): Route {
  return (req) => {
    const file = Bun.file(path);
    const range = /^bytes=(\d+)-$/.exec(req.headers.get("range") ?? "");
    if (!range) return new Response(file, { headers: { "Accept-Ranges": "bytes" } });
    const start = Number(range[1]);
    if (start >= file.size) return new Response(null, { status: 416 });
    return new Response(file.slice(start), { status: 206, headers: { "Content-Range": `bytes ${start}-${file.size - 1}/${file.size}` } });
  };
}
