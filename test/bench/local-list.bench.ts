/**
 * The Local Authorization List at its capacity (issue 13): 50,000 entries sent to the compiled station
 * as the Central System must (a Full SendLocalList of 10,000, then four Differential ones), timed from
 * the first CALL to the last CALLRESULT, with the station's RSS before and after (and what the first
 * large update costs once, apart); then the lookup
 * the authorization does for each card, p50/p99 over random idTags, through the firmware's own
 * repository on a 50,000-entry SQLite list.
 */
import { LocalListRepo } from "../../src/profiles/local-auth-list/local-list-repo.ts";
import { openStore } from "../../src/store/db.ts";
import { type Bench, BenchStation, percentile, residentMb, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const capacity = 50_000;
const perMessage = 10_000;
const lookups = Number(process.env.BENCH_LOOKUPS ?? 20_000);

const idTagOf = (i: number) => `04${i.toString(16).toUpperCase().padStart(8, "0")}`;
const entries = (from: number) =>
  Array.from({ length: perMessage }, (_, i) => ({ idTag: idTagOf(from + i), idTagInfo: { status: "Accepted", parentIdTag: "FLEET-0042", expiryDate: "2030-01-01T00:00:00.000Z" } }));

export const bench: Bench = {
  name: "local list",
  async run() {
    const csms = new LoopbackCsms().start();
    const station = new BenchStation({ url: csms.url, ocpp: { LocalAuthListEnabled: true } });
    try {
      station.start();
      await station.waitForLine(/registration accepted/);
      await Bun.sleep(2_000);
      const rssAtStartMb = residentMb(station.pid);
      // The first large SendLocalList runs code no start-up ran and makes the JIT compile its loops:
      // native compiler pages of the executable and compiled code count in RSS from then on, whatever
      // the list holds. One such update (then the list cleared) first, so the growth measured below is
      // what holding 50,000 entries costs.
      await send(csms, 1, "Full", entries(capacity));
      await send(csms, 2, "Full", []);
      await Bun.sleep(2_000);
      const rssBeforeMb = residentMb(station.pid);
      const startedAt = performance.now();
      for (let part = 0; part < capacity / perMessage; part++) await send(csms, part + 3, part === 0 ? "Full" : "Differential", entries(part * perMessage));
      const applyMs = performance.now() - startedAt;
      await Bun.sleep(2_000);
      const rssAfterMb = residentMb(station.pid);
      await station.stop();
      const times = lookupTimes(station.dataDir);
      const note = `${capacity.toLocaleString("en-US")} entries in ${capacity / perMessage} SendLocalList`;
      return [
        { figure: "apply a 50,000-entry list", value: applyMs, unit: "ms", target: { op: "<", value: 2_000 }, note },
        { figure: "station RSS growth with the list", value: rssAfterMb - rssBeforeMb, unit: "MB", target: { op: "<", value: 5 }, note: `${rssBeforeMb.toFixed(1)} → ${rssAfterMb.toFixed(1)} MB` },
        { figure: "first large update, once per run", value: rssBeforeMb - rssAtStartMb, unit: "MB", note: `${rssAtStartMb.toFixed(1)} → ${rssBeforeMb.toFixed(1)} MB: JIT and code pages` },
        { figure: "local list lookup p50", value: percentile(times, 50), unit: "ms", note: `${lookups.toLocaleString("en-US")} random idTags` },
        { figure: "local list lookup p99", value: percentile(times, 99), unit: "ms", target: { op: "<", value: 0.2 }, note: `${lookups.toLocaleString("en-US")} random idTags` },
      ] satisfies Row[];
    } finally {
      await station.remove();
      csms.stop();
    }
  },
};

async function send(csms: LoopbackCsms, listVersion: number, updateType: "Full" | "Differential", localAuthorizationList: unknown[]): Promise<void> {
  const { frame } = await csms.call("SendLocalList", { listVersion, updateType, localAuthorizationList });
  if ((frame[2] as { status?: string }).status !== "Accepted") throw new Error(`SendLocalList ${listVersion}: ${JSON.stringify(frame)}`);
}

/** Lookups on the station's own database file, as the authorization makes them (found and not found). */
function lookupTimes(dataDir: string): number[] {
  const store = openStore(dataDir);
  try {
    const repo = new LocalListRepo(store.db);
    if (repo.size() !== capacity) throw new Error(`the list holds ${repo.size()} entries`);
    const times: number[] = [];
    for (let i = 0; i < lookups; i++) {
      const idTag = idTagOf(Math.floor(Math.random() * capacity * 1.1));
      const startedAt = performance.now();
      repo.lookup(idTag);
      times.push(performance.now() - startedAt);
    }
    return times;
  } finally {
    store.close();
  }
}
