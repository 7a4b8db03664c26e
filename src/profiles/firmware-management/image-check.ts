import { chmodSync, closeSync, createReadStream, createWriteStream, openSync, readSync, renameSync, statSync } from "node:fs";
import { stream, streamPromises, zlib } from "../../built-ins.ts";
import { elfMachines, elfProblem } from "./elf-header.ts";

export type ImageCheck = { ok: true; version: string } | { ok: false; reason: string };

/** How long `<image> --version` may take: the station's own answers in about 20 ms. */
const versionTimeoutMs = 10_000;

/**
 * LAB-INTERFACE "Files exchanged": the image is the compiled executable itself, raw or gzip.
 * `downloaded` becomes the executable `image` (unpacked if gzip, at most `maxBytes`), which must be a
 * complete executable for this machine that runs here: `--version` answers `csc22b7 <version> (<build>)`
 * in time. Nothing outside `image` changes.
 */
export async function prepareImage(downloaded: string, image: string, maxBytes: number): Promise<ImageCheck> {
  if (isGzip(downloaded)) {
    const unpacked = await gunzip(downloaded, image, maxBytes);
    if (!unpacked.ok) return unpacked;
  } else {
    renameSync(downloaded, image);
  }
  // The station's umask (077) made it 0600: the owner must be able to run it for `--version`.
  chmodSync(image, 0o700);
  return checkExecutable(image);
}

/** The checks of prepareImage on an executable already in place (again before it is installed). */
export async function checkExecutable(image: string): Promise<ImageCheck> {
  const machine = elfMachines[process.arch];
  if (machine === undefined) return { ok: false, reason: `no executable is known for this machine (${process.arch})` };
  const problem = withFile(image, (read, size) => elfProblem(read, size, machine));
  if (problem) return { ok: false, reason: `not an executable for this station: ${problem}` };
  return runsHere(image);
}

function isGzip(file: string): boolean {
  return withFile(file, (read, size) => size >= 2 && read(0, 2)[0] === 0x1f && read(0, 2)[1] === 0x8b);
}

async function gunzip(source: string, target: string, maxBytes: number): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { Transform } = stream();
  const { pipeline } = streamPromises();
  const { createGunzip } = zlib();
  let unpacked = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpacked += chunk.length;
      done(unpacked > maxBytes ? new Error(`it unpacks to more than ${maxBytes} bytes`) : null, chunk);
    },
  });
  try {
    await pipeline(createReadStream(source), createGunzip(), limit, createWriteStream(target, { mode: 0o700 }));
    return { ok: true };
  } catch (error) {
    return { ok: false, reason: `the gzip image is damaged: ${(error as Error).message}` };
  }
}

/** `<image> --version` with nothing of the station's environment, within a timeout. */
async function runsHere(image: string): Promise<ImageCheck> {
  try {
    statSync(image);
    const child = Bun.spawn([image, "--version"], { stdout: "pipe", stderr: "pipe", stdin: "ignore", env: { PATH: "/usr/bin:/bin" }, timeout: versionTimeoutMs, killSignal: "SIGKILL" });
    const [exitCode, stdout] = await Promise.all([child.exited, new Response(child.stdout).text()]);
    if (child.signalCode === "SIGKILL") return { ok: false, reason: `it does not run here: \`--version\` did not answer within ${versionTimeoutMs / 1000} s` };
    const version = /^csc22b7 (\S+ \(\S+\))\s*$/.exec(stdout)?.[1];
    if (exitCode !== 0 || version === undefined) return { ok: false, reason: `it does not run here: \`--version\` exited ${exitCode}${stdout.trim() ? ` saying "${stdout.trim().slice(0, 80)}"` : ""}` };
    return { ok: true, version };
  } catch (error) {
    return { ok: false, reason: `it does not run here: ${(error as Error).message}` };
  }
}

function withFile<T>(file: string, use: (read: (offset: number, length: number) => Uint8Array, size: number) => T): T {
  const fd = openSync(file, "r");
  try {
    const size = statSync(file).size;
    const read = (offset: number, length: number) => {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      readSync(fd, buffer, 0, buffer.length, offset);
      return buffer;
    };
    return use(read, size);
  } finally {
    closeSync(fd);
  }
}
