import { describe, expect, test } from "bun:test";
import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { secureDataDir } from "../../../src/cli/secure-data-dir.ts";
import { tempDir } from "../../support/temp-dir.ts";

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe("secureDataDir", () => {
  test("tightens a dataDir an earlier firmware left open, leaves links alone, and makes what follows owner-only", () => {
    const root = tempDir();
    const dataDir = join(root, "data");
    const outside = join(root, "outside.txt");
    mkdirSync(join(dataDir, "logs"), { recursive: true });
    writeFileSync(join(dataDir, "station.db"), "");
    writeFileSync(join(dataDir, "logs", "station.log"), "");
    writeFileSync(join(dataDir, "tool"), "");
    writeFileSync(outside, "");
    symlinkSync(outside, join(dataDir, "link"));
    for (const [path, mode] of [[dataDir, 0o755], [join(dataDir, "logs"), 0o775], [join(dataDir, "station.db"), 0o644], [join(dataDir, "logs", "station.log"), 0o640], [join(dataDir, "tool"), 0o755], [outside, 0o644]] as const) {
      chmodSync(path, mode);
    }
    const previousUmask = process.umask();
    try {
      expect(secureDataDir(dataDir)).toEqual([]);
      writeFileSync(join(dataDir, "new-file"), "");
      mkdirSync(join(dataDir, "new-folder"));
    } finally {
      process.umask(previousUmask);
    }
    expect([dataDir, join(dataDir, "logs"), join(dataDir, "station.db"), join(dataDir, "logs", "station.log"), join(dataDir, "tool"), outside].map(modeOf)).toEqual([
      0o700, 0o700, 0o600, 0o600, 0o700, 0o644,
    ]);
    expect([modeOf(join(dataDir, "new-file")), modeOf(join(dataDir, "new-folder"))]).toEqual([0o600, 0o700]);
  });

  test("creates a missing dataDir 0700", () => {
    const dataDir = join(tempDir(), "a", "b");
    const previousUmask = process.umask();
    try {
      secureDataDir(dataDir);
    } finally {
      process.umask(previousUmask);
    }
    expect(modeOf(dataDir)).toBe(0o700);
  });
});
