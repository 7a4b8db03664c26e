import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterThisTest } from "./cleanup.ts";

/** A fresh temporary directory, removed after the current test (after the run when made outside a test). */
export function tempDir(prefix = "csc22b7-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterThisTest(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A minimal valid station.json in `dir`, with `overrides` merged in at the top level. */
export function writeStationConfig(dir: string, overrides: Record<string, unknown> = {}): string {
  const file = join(dir, "station.json");
  const config = {
    chargePointId: "CSC22B7-TEST",
    centralSystem: { url: "ws://127.0.0.1:9/ocpp" },
    dataDir: "data",
    hardware: { board: "virtual" },
    ...overrides,
  };
  writeFileSync(file, JSON.stringify(config, null, 2));
  return file;
}
