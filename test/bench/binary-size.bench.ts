/** Sizes of the x64 and arm64 executables, raw and xz-compressed (xz -6, as for an over-the-air update). */
import { statSync } from "node:fs";
import { arm64BinaryPath, binaryPath, buildBinary } from "../support/binary.ts";
import type { Bench, Row } from "./bench-kit.ts";

export const bench: Bench = {
  name: "binary size",
  async run() {
    await buildBinary("build:arm64");
    const rows: Row[] = [];
    for (const [arch, path] of [["x64", binaryPath], ["arm64", arm64BinaryPath]] as const) {
      rows.push({ figure: `binary ${arch}`, value: mb(statSync(path).size), unit: "MB" });
      rows.push({ figure: `binary ${arch}, xz`, value: mb(await xzSize(path)), unit: "MB", note: "xz -6" });
    }
    return rows;
  },
};

async function xzSize(path: string): Promise<number> {
  const xz = Bun.spawn(["xz", "-6", "-T0", "-c", path], { stdout: "pipe" });
  let bytes = 0;
  for await (const chunk of xz.stdout) bytes += chunk.length;
  if ((await xz.exited) !== 0) throw new Error(`xz failed on ${path}`);
  return bytes;
}

function mb(bytes: number): number {
  return Math.round((bytes / 1_000_000) * 10) / 10;
}
