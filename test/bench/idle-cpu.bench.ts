/**
 * What an idle station costs (issue 18's table): registered, nothing happening but the heartbeat
 * (HeartbeatInterval 300 s from the BootNotification answer, WebSocket pings at the factory 300 s).
 * Its resident memory 10 s after the start, then over the next 60 s the CPU it uses (user + system
 * time from /proc, as a share of one core) and how often it wakes up (voluntary context switches of
 * all its threads), and its resident memory at the end, 70 s after the start. On the virtual board,
 * then on a Firmata board: StandardFirmataPlus on the emulated Mega 2560 of the hardware tests
 * (test/support/mega2560, needs socat; its PN532 waits for a card on its IRQ line, pin 26), whose emulator runs in a
 * process of its own and is not counted.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Bench, BenchStation, cpuSeconds, residentMb, type Row, switchesByThread, voluntarySwitches, wakeupsByThread } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";
import { BoardEmulator } from "../support/mega2560/emulated-board.ts";

const windowSec = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const heartbeatIntervalSec = 300;
/** BENCH_IDLE_BOARD=virtual or firmata measures only that board. */
const boards = process.env.BENCH_IDLE_BOARD ?? "both";
const firstRssAtSec = 10;
const socat = Bun.which("socat");
/** The CSC-22B7 pilot front end: -12..+12 V onto the ADC's 0..5 V; 12 V is state A (no EV). */
const adcVoltsForNoEv = 5;

export const bench: Bench = {
  name: "idle cpu",
  async run() {
    const rows = boards === "firmata" ? [] : await idle("virtual board");
    if (boards === "virtual") return rows;
    if (!socat) return [...rows, { figure: "idle on a Firmata board", value: 0, unit: "", note: "not measured: socat is not installed" }];
    const emulator = await BoardEmulator.start();
    try {
      return [...rows, ...(await idle("Firmata board (emulated Mega 2560)", emulator))];
    } finally {
      await emulator.close();
    }
  },
};

async function idle(board: string, emulator?: BoardEmulator): Promise<Row[]> {
  const csms = new LoopbackCsms({ heartbeatIntervalSec }).start();
  let station: BenchStation | undefined;
  const cableDir = emulator ? mkdtempSync(join(tmpdir(), "csc22b7-bench-cable-")) : undefined;
  try {
    let hardware: Record<string, unknown> | undefined;
    if (emulator) {
      const plugged = await emulator.plugIn(socat!, cableDir!);
      await plugged.setAnalogVolts(0, adcVoltsForNoEv);
      await plugged.setAnalogVolts(1, adcVoltsForNoEv);
      // station.json wants a device path: socat's link points to the PTY under /dev/pts.
      // The emulated Mega wires the PN532's IRQ output to pin 26, as `reader.irqPin` tells the station.
      hardware = { board: "firmata", port: realpathSync(plugged.port), baudRate: 57600, reader: { type: "pn532", irqPin: 26 } };
    }
    station = new BenchStation({ url: csms.url, ...(hardware ? { hardware } : {}) });
    const startedAt = station.start();
    await station.waitForLine(/registration accepted/, 30_000);
    await Bun.sleep(Math.max(0, firstRssAtSec * 1000 - (performance.now() - startedAt)));
    const rssAtFirst = residentMb(station.pid);
    const [cpuBefore, switchesBefore, threadsBefore] = [cpuSeconds(station.pid), voluntarySwitches(station.pid), switchesByThread(station.pid)];
    await Bun.sleep(windowSec * 1000);
    const cpuPercent = ((cpuSeconds(station.pid) - cpuBefore) / windowSec) * 100;
    const wakeups = (voluntarySwitches(station.pid) - switchesBefore) / windowSec;
    const perThread = wakeupsByThread(threadsBefore, switchesByThread(station.pid), windowSec);
    const note = `${board}, heartbeat every ${heartbeatIntervalSec} s`;
    return [
      { figure: `idle CPU over ${windowSec} s, ${board}`, value: cpuPercent, unit: "%", target: { op: "<", value: 0.15 }, note: "of one core" },
      { figure: `idle wake-ups over ${windowSec} s, ${board}`, value: wakeups, unit: "/s", target: { op: "<", value: 15 }, note: `voluntary context switches of all threads; per thread /s: ${perThread}` },
      { figure: `RSS ${firstRssAtSec} s after start, ${board}`, value: rssAtFirst, unit: "MB", note },
      { figure: `RSS ${firstRssAtSec + windowSec} s after start, ${board}`, value: residentMb(station.pid), unit: "MB", target: { op: "<", value: 45 }, note },
    ];
  } finally {
    await station?.remove();
    csms.stop();
    if (cableDir) rmSync(cableDir, { recursive: true, force: true });
  }
}
