/**
 * Process start (just before the spawn) → BootNotification on the wire at the Central System, and →
 * the last of the boot StatusNotifications (connectors 0, 1 and 2), over several starts: the first on
 * an empty data directory (database created and migrated), the others on the existing one.
 */
import { type Bench, BenchStation, percentile, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const starts = Number(process.env.BENCH_STARTS ?? 20);

export const bench: Bench = {
  name: "boot time",
  async run() {
    const csms = new LoopbackCsms().start();
    const station = new BenchStation({ url: csms.url });
    const toBoot: number[] = [];
    const toStatuses: number[] = [];
    try {
      for (let i = 0; i < starts; i++) {
        const from = csms.calls.length;
        const startedAt = station.start();
        const since = () => csms.calls.slice(from);
        await csms.until(() => since().filter((c) => c.action === "StatusNotification").length >= 3, 10_000, "the boot StatusNotifications");
        toBoot.push(since().find((c) => c.action === "BootNotification")!.atMs - startedAt);
        toStatuses.push(since().filter((c) => c.action === "StatusNotification")[2]!.atMs - startedAt);
        await station.stop();
      }
    } finally {
      await station.remove();
      csms.stop();
    }
    const [first, rest] = [toBoot[0]!, toBoot.slice(1)];
    const note = `${starts - 1} starts on an existing data directory`;
    return [
      { figure: "start → BootNotification, p50", value: percentile(rest, 50), unit: "ms", target: { op: "<", value: 20 }, note },
      { figure: "start → BootNotification, worst", value: Math.max(...rest), unit: "ms", note },
      { figure: "start → BootNotification, first start", value: first, unit: "ms", note: "empty data directory: database created" },
      { figure: "start → boot StatusNotifications, p50", value: percentile(toStatuses.slice(1), 50), unit: "ms", target: { op: "<", value: 60 }, note: "the third StatusNotification after Accepted" },
    ] satisfies Row[];
  },
};
