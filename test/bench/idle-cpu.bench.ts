/**
 * CPU the station uses while nothing happens but the heartbeat (HeartbeatInterval 10 s from the
 * BootNotification answer, WebSocket pings at the factory 300 s), over 60 s: user + system time of
 * the process from /proc, as a share of one core. Also its resident memory at the end.
 */
import { type Bench, BenchStation, cpuSeconds, residentMb, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const windowSec = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const heartbeatIntervalSec = 10;

export const bench: Bench = {
  name: "idle cpu",
  async run() {
    const csms = new LoopbackCsms({ heartbeatIntervalSec }).start();
    const station = new BenchStation({ url: csms.url });
    try {
      station.start();
      await station.waitForLine(/registration accepted/);
      await Bun.sleep(2000);
      const [cpuBefore, heartbeatsBefore] = [cpuSeconds(station.pid), csms.count("Heartbeat")];
      await Bun.sleep(windowSec * 1000);
      const cpuPercent = ((cpuSeconds(station.pid) - cpuBefore) / windowSec) * 100;
      const heartbeats = csms.count("Heartbeat") - heartbeatsBefore;
      return [
        { figure: `idle CPU over ${windowSec} s`, value: cpuPercent, unit: "%", target: { op: "<", value: 1 }, note: `of one core; ${heartbeats} heartbeats (every ${heartbeatIntervalSec} s)` },
        { figure: `RSS after ${windowSec} s idle`, value: residentMb(station.pid), unit: "MB", target: { op: "<", value: 60 } },
      ] satisfies Row[];
    } finally {
      await station.remove();
      csms.stop();
    }
  },
};
