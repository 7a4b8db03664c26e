import { describe, expect, test } from "bun:test";
import { followLog, lastLogLines } from "../../../src/diag/log-tail.ts";
import { LogFile } from "../../../src/log/log-file.ts";
import { tempDir } from "../../support/temp-dir.ts";

const line = (n: number) => `2025-03-02T12:00:00.000Z INFO  station: line ${String(n).padStart(4, "0")}`;

function logIn(dataDir: string, maxBytes = 1000): LogFile {
  const opened = LogFile.open(dataDir, { maxBytes });
  if (!opened.ok) throw new Error(opened.reason);
  return opened.file;
}

describe("diag log", () => {
  test("shows the last N lines, reaching into the rotated file when needed", () => {
    const dataDir = tempDir();
    const file = logIn(dataDir);
    for (let n = 0; n < 30; n++) file.write(line(n));
    expect(lastLogLines(dataDir, 3)?.lines).toEqual([line(27), line(28), line(29)]);
    expect(lastLogLines(dataDir, 25)?.lines).toEqual(Array.from({ length: 25 }, (_, i) => line(5 + i)));
    expect(lastLogLines(dataDir, 0)?.lines).toEqual([]);
  });

  test("says there is no log before the station ever ran", () => {
    expect(lastLogLines(tempDir(), 10)).toBeNull();
  });

  test("follows new lines, also across a rotation, until stopped", async () => {
    const dataDir = tempDir();
    const file = logIn(dataDir);
    file.write(line(0));
    const seen: string[] = [];
    let isStopped = false;
    const following = followLog(dataDir, (text) => seen.push(text), () => isStopped, 10);
    await Bun.sleep(30);
    for (let n = 1; n <= 20; n++) {
      file.write(line(n));
      if (n % 5 === 0) await Bun.sleep(30);
    }
    const deadline = Date.now() + 2_000;
    while (seen.length < 20 && Date.now() < deadline) await Bun.sleep(10);
    isStopped = true;
    await following;
    expect(seen).toEqual(Array.from({ length: 20 }, (_, i) => line(i + 1)));
  });
});
