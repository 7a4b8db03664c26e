/**
 * What an idle station costs (issue 18's table): registered, nothing happening but the heartbeat
 * (HeartbeatInterval 300 s from the BootNotification answer, WebSocket pings at the factory 300 s).
 * Its resident memory 10 s after the start, then over the next 60 s the CPU it uses (user + system
 * time from /proc, as a share of one core) and how often it wakes up (voluntary context switches of
 * all its threads), and its resident memory at the end, 70 s after the start.
 */
import { type Bench, BenchStation, cpuSeconds, residentMb, type Row, voluntarySwitches } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const windowSec = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const heartbeatIntervalSec = 300;
const firstRssAtSec = 10;

export const bench: Bench = {
  name: "idle cpu",
  async run() {
    const csms = new LoopbackCsms({ heartbeatIntervalSec }).start();
    const station = new BenchStation({ url: csms.url });
    try {
      const startedAt = station.start();
      await station.waitForLine(/registration accepted/);
      await Bun.sleep(Math.max(0, firstRssAtSec * 1000 - (performance.now() - startedAt)));
      const rssAtFirst = residentMb(station.pid);
      const [cpuBefore, switchesBefore] = [cpuSeconds(station.pid), voluntarySwitches(station.pid)];
      await Bun.sleep(windowSec * 1000);
      const cpuPercent = ((cpuSeconds(station.pid) - cpuBefore) / windowSec) * 100;
      const wakeups = (voluntarySwitches(station.pid) - switchesBefore) / windowSec;
      const note = `virtual board, heartbeat every ${heartbeatIntervalSec} s`;
      return [
        { figure: `idle CPU over ${windowSec} s`, value: cpuPercent, unit: "%", target: { op: "<", value: 0.15 }, note: `of one core; ${note}` },
        { figure: `idle wakeups over ${windowSec} s`, value: wakeups, unit: "/s", target: { op: "<", value: 15 }, note: `voluntary context switches of all threads; ${note}` },
        { figure: `RSS ${firstRssAtSec} s after start`, value: rssAtFirst, unit: "MB" },
        { figure: `RSS ${firstRssAtSec + windowSec} s after start`, value: residentMb(station.pid), unit: "MB", target: { op: "<", value: 45 } },
      ] satisfies Row[];
    } finally {
      await station.remove();
      csms.stop();
    }
  },
};
