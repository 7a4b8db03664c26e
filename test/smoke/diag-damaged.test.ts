/**
 * `diag` on a damaged database (issue 12, item 8): every failure names the file and what is wrong,
 * `--json` always prints one JSON object with the problem in it, and a read-only database is a problem.
 */
import { Database } from "bun:sqlite";
import { beforeAll, describe, expect, test } from "bun:test";
import { chmodSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildBinary } from "../support/binary.ts";
import { diagRig } from "../support/diag-rig.ts";

beforeAll(() => buildBinary(), 120_000);

/** A station that ran and stopped cleanly; its database is then damaged by `damage`. */
async function stoppedStation(damage: (file: string) => void) {
  const rig = await diagRig();
  expect(await rig.station().stop()).toBe(0);
  const file = join(rig.cwd, "data", "station.db");
  damage(file);
  const json = async (...args: string[]) => {
    const result = await rig.diag(...args, "--json");
    return { exitCode: result.exitCode, report: JSON.parse(result.stdout), stderr: result.stderr };
  };
  return { rig, file, json };
}

function sql(file: string, statement: string): void {
  const raw = new Database(file);
  raw.run(statement);
  raw.close();
}

describe("diag on a damaged database", () => {
  test("a table that cannot be read: the text names the file and what failed, --json is one object with the problem", async () => {
    const { rig, file, json } = await stoppedStation((file) => sql(file, "DROP TABLE connector_state"));
    const expected = `database ${file}: reading connector availability failed: no such table: connector_state`;

    const text = await rig.diag();
    expect([text.exitCode, text.stdout, text.stderr]).toEqual([1, "", `csc22b7: ${expected}\n`]);
    const { exitCode, report, stderr } = await json();
    expect([exitCode, report]).toEqual([1, { healthy: false, problems: [{ severity: "problem", message: expected }] }]);
    expect(stderr).toContain(expected);
  }, 30_000);

  test("a file that is not a database: the summary lists it as the problem; queue and config fail naming it, in JSON too", async () => {
    const { file, json } = await stoppedStation((file) => {
      for (const suffix of ["-wal", "-shm"]) rmSync(file + suffix, { force: true });
      writeFileSync(file, "this is not a database".repeat(400));
    });

    const summary = await json();
    expect(summary.exitCode).toBe(1);
    expect(summary.report).toMatchObject({ running: false, healthy: false, store: { file, integrity: "cannot be read: file is not a database" } });
    expect(summary.report.problems).toContainEqual({ severity: "problem", message: `Database ${file}: cannot be read: file is not a database` });
    for (const command of ["queue", "config"]) {
      const { exitCode, report } = await json(command);
      expect([command, exitCode, report]).toEqual([command, 1, { healthy: false, problems: [{ severity: "problem", message: `database ${file}: cannot be read: file is not a database` }] }]);
    }
  }, 30_000);

  test("a read-only database is a problem, not healthy", async () => {
    const { rig, file, json } = await stoppedStation((file) => chmodSync(file, 0o444));
    const { exitCode, report } = await json();
    expect(exitCode).toBe(1);
    expect(report.store).toMatchObject({ file, integrity: "ok" });
    expect(report.problems).toContainEqual({ severity: "problem", message: `Database ${file}: station.db is read-only (mode 0444): the station cannot record anything` });
    expect((await rig.diag()).stdout).toContain(`[!] Database ${file}: station.db is read-only (mode 0444)`);
  }, 30_000);

  test("a configuration file that cannot be used: --json says so in one object too (exit 2)", async () => {
    const rig = await diagRig({ isStarted: false });
    writeFileSync(rig.config, '{"chargePointId": 42}');
    const result = await rig.diag("--json");
    expect(result.exitCode).toBe(2);
    const report = JSON.parse(result.stdout);
    expect(report.healthy).toBe(false);
    expect(report.problems).toContainEqual({ severity: "problem", message: `${rig.config}: chargePointId: must be string, got 42` });
  });
});
