import { describe, expect, test } from "bun:test";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { LogFile, logFilePaths } from "../../../src/log/log-file.ts";
import { tempDir } from "../../support/temp-dir.ts";

const line = (n: number) => `2025-03-02T12:00:00.000Z INFO  station: line ${String(n).padStart(4, "0")}`;

describe("the station's bounded log file", () => {
  test("appends lines to dataDir/logs/station.log, after what an earlier run wrote", () => {
    const dataDir = tempDir();
    const first = LogFile.open(dataDir);
    if (!first.ok) throw new Error(first.reason);
    first.file.write(line(1));
    first.file.close();
    const second = LogFile.open(dataDir);
    if (!second.ok) throw new Error(second.reason);
    second.file.write(line(2));
    expect(readFileSync(logFilePaths(dataDir).current, "utf8")).toBe(`${line(1)}\n${line(2)}\n`);
  });

  test("never grows past its cap: the full file becomes station.log.1, and only one such file is kept", () => {
    const dataDir = tempDir();
    const opened = LogFile.open(dataDir, { maxBytes: 1000 });
    if (!opened.ok) throw new Error(opened.reason);
    for (let n = 0; n < 100; n++) opened.file.write(line(n));
    const { current, rotated } = logFilePaths(dataDir);
    expect(statSync(current).size).toBeLessThanOrEqual(1000);
    expect(statSync(rotated).size).toBeLessThanOrEqual(1000);
    expect(readFileSync(current, "utf8").trimEnd().split("\n").at(-1)).toBe(line(99));
    const kept = [...readFileSync(rotated, "utf8").trimEnd().split("\n"), ...readFileSync(current, "utf8").trimEnd().split("\n")];
    expect(kept).toEqual(Array.from({ length: kept.length }, (_, i) => line(100 - kept.length + i)));
    expect(existsSync(`${rotated}.1`)).toBe(false);
  });

  test("a failed write is reported once and does not throw; the next good write goes through", () => {
    const dataDir = tempDir();
    const failures: string[] = [];
    const opened = LogFile.open(dataDir, { maxBytes: 200, onFailure: (message) => failures.push(message) });
    if (!opened.ok) throw new Error(opened.reason);
    const { rotated } = logFilePaths(dataDir);
    mkdirSync(rotated);
    writeFileSync(join(rotated, "blocker"), "a directory where the rotated file should go");
    for (let n = 0; n < 10; n++) opened.file.write(line(n));
    expect(failures).toHaveLength(1);
    expect(failures[0]).toContain("writing the log file");
  });

  test("a log directory that cannot be created is a reason, not an exception", () => {
    const notADirectory = join(tempDir(), "station.json");
    writeFileSync(notADirectory, "{}");
    const opened = LogFile.open(join(notADirectory, "data"));
    expect(opened).toEqual({ ok: false, reason: expect.stringContaining(`cannot open the log file ${join(notADirectory, "data", "logs", "station.log")}`) });
  });
});
