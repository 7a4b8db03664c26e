/**
 * A power cut in the middle of a large Local Authorization List update (issue 13): the compiled
 * station gets a Full SendLocalList of 10,000 entries and is killed (SIGKILL) a random moment after
 * it was sent, LIST_POWER_CUT_ROUNDS times (default 10). After each cut the database must hold
 * either the old list and version or the new ones, never a mix, and the restarted station reports
 * that version.
 */
import { Database } from "bun:sqlite";
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { join } from "node:path";
import { buildBinary } from "../support/binary.ts";
import { BinaryStation } from "../support/binary-station.ts";
import { chaosSeed, SeededRandom } from "../support/seeded-random.ts";
import { tempDir } from "../support/temp-dir.ts";
import { TestCsms } from "../support/test-csms.ts";

const rounds = Number(process.env.LIST_POWER_CUT_ROUNDS ?? 10);
const entriesPerList = 10_000;
const seed = chaosSeed();

beforeAll(() => buildBinary(), 120_000);

let csms: TestCsms | undefined;
let station: BinaryStation | undefined;
afterAll(async () => {
  if (station?.isRunning) await station.kill();
  csms?.stop();
});

/** The list of version `listVersion`: every idTag says which version it belongs to. */
function listOf(listVersion: number) {
  return Array.from({ length: entriesPerList }, (_, i) => ({ idTag: `V${listVersion}N${i}`, idTagInfo: { status: "Accepted" } }));
}

/** What the killed station left on disk: the version row, the entries, and the versions their idTags come from. */
function storedList(dataDir: string): { listVersion: number; size: number; versionsInEntries: number[] } {
  const db = new Database(join(dataDir, "station.db"));
  try {
    const listVersion = db.query<{ list_version: number }, []>("SELECT list_version FROM local_auth_list_version WHERE id = 1").get()?.list_version ?? 0;
    const rows = db.query<{ id_tag: string }, []>("SELECT id_tag FROM local_auth_list").all();
    const versionsInEntries = [...new Set(rows.map((row) => Number(/^V(\d+)N/.exec(row.id_tag)?.[1])))].sort((a, b) => a - b);
    return { listVersion, size: rows.length, versionsInEntries };
  } finally {
    db.close();
  }
}

describe("a power cut during a 10,000-entry Full update", () => {
  test(`${rounds} SIGKILLs leave the old list or the new one, never a mix`, async () => {
    console.log(`local-list power cut: ${rounds} rounds, CHAOS_SEED=${seed}`);
    const random = new SeededRandom(seed);
    csms = new TestCsms().start();
    const cwd = tempDir();
    station = new BinaryStation(cwd, { centralSystem: { url: csms.url, reconnect: { minSec: 0.2, maxSec: 1 } }, ocpp: { LocalAuthListEnabled: true } });
    await station.startRegistered();
    expect(await csms.call("SendLocalList", { listVersion: 1, updateType: "Full", localAuthorizationList: listOf(1) })).toMatchObject([3, expect.any(String), { status: "Accepted" }]);
    let current = 1;
    const outcomes = { old: 0, new: 0 };

    for (let round = 0; round < rounds; round++) {
      const next = current + 1;
      const answered = csms.call("SendLocalList", { listVersion: next, updateType: "Full", localAuthorizationList: listOf(next) });
      await Promise.race([Bun.sleep(random.int(0, 400)), answered]);
      await station.kill();
      await csms.until(() => !csms!.isStationConnected, 10_000, "the killed station's connection to close");

      const stored = storedList(join(cwd, "data"));
      expect(stored.versionsInEntries).toEqual([stored.listVersion]);
      expect(stored.size).toBe(entriesPerList);
      expect([current, next]).toContain(stored.listVersion);
      if (stored.listVersion === next) outcomes.new++;
      else outcomes.old++;
      current = stored.listVersion;

      await station.startRegistered();
      expect(await csms.call("GetLocalListVersion", {})).toMatchObject([3, expect.any(String), { listVersion: current }]);
    }
    console.log(`local-list power cut: the old list ${outcomes.old} times, the new one ${outcomes.new} times`);
    expect(outcomes.old + outcomes.new).toBe(rounds);
  }, 30_000 + rounds * 15_000);
});
