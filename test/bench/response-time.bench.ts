/**
 * Central System CALL → station CALLRESULT over loopback, one at a time, p50 and p99, for
 * RemoteStartTransaction (accepted each time: the Central System refuses the tag's Authorize, so
 * the connector is free again for the next), GetConfiguration without keys (every key),
 * ChangeConfiguration (a persisted key, so each one is a durable commit) and RemoteStopTransaction
 * of a running transaction (its StopTransaction is committed after the answer has left). First the
 * floor: the same Central System and CALLs against a peer that only echoes an empty CALLRESULT on the
 * station's WebSocket library (echo-peer.ts), i.e. what two processes on this machine cost each other.
 */
import { join } from "node:path";
import { type Bench, BenchStation, percentile, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const samples = Number(process.env.BENCH_SAMPLES ?? 2000);
const warmUp = 200;
/** Each remote stop needs a transaction started first (and the EV plugged out and in again): fewer samples. */
const stopSamples = Number(process.env.BENCH_STOP_SAMPLES ?? 200);
/** Issue 18: at least the C++ peer's (MicroOcpp 1.2) figures, p50 / p99 in ms; ChangeConfiguration issue 7's p99. */
const targets: Record<string, { p50?: number; p99: number }> = {
  RemoteStartTransaction: { p50: 0.4, p99: 1.8 },
  "GetConfiguration (all keys)": { p50: 0.12, p99: 0.6 },
  ChangeConfiguration: { p99: 5 },
  RemoteStopTransaction: { p50: 0.4, p99: 1.8 },
};

export const bench: Bench = {
  name: "response time",
  async run() {
    const floor = await measureFloor();
    const csms = new LoopbackCsms().start();
    // The remote start's Authorize is refused: the connector goes back to Available by itself.
    csms.answer = (action) => (action === "Authorize" ? { result: { idTagInfo: { status: "Invalid" } } } : undefined);
    const station = new BenchStation({ url: csms.url });
    try {
      station.start();
      await station.waitForLine(/registration accepted/);
      // The boot's own StatusNotifications come after that line; counting starts once they are in.
      await csms.until(() => csms.statusCount(1, "Available") >= 1, 5000, "the boot status of connector 1");
      const rows: Row[] = [...floor];
      rows.push(...(await measure("RemoteStartTransaction", () => remoteStart(csms))));
      rows.push(...(await measure("GetConfiguration (all keys)", async () => (await csms.call("GetConfiguration", {})).ms)));
      let value = 20;
      rows.push(...(await measure("ChangeConfiguration", async () => (await csms.call("ChangeConfiguration", { key: "MeterValueSampleInterval", value: String((value = 41 - value)) })).ms)));
      rows.push(...(await measureRemoteStop(csms, station)));
      return rows;
    } finally {
      await station.remove();
      csms.stop();
    }
  },
};

/** The loopback floor: the Central System's CALLs answered by echo-peer.ts instead of the station. */
async function measureFloor(): Promise<Row[]> {
  const csms = new LoopbackCsms().start();
  const peer = Bun.spawn([process.execPath, join(import.meta.dir, "echo-peer.ts"), csms.url], { stdout: "ignore", stderr: "inherit" });
  try {
    await csms.until(() => csms.isConnected, 5000, "the echo peer");
    const rows = await measure("loopback floor (echo peer, no station)", async () => (await csms.call("GetConfiguration", {})).ms);
    return rows.map((row) => ({ ...row, note: `${row.note}; the same Central System, an empty CALLRESULT from a bare ws client` }));
  } finally {
    peer.kill();
    await peer.exited;
    csms.stop();
  }
}

async function remoteStart(csms: LoopbackCsms): Promise<number> {
  const available = () => csms.statusCount(1, "Available");
  const before = available();
  const { frame, ms } = await csms.call("RemoteStartTransaction", { idTag: "BE4C0001", connectorId: 1 });
  if ((frame[2] as { status?: string }).status !== "Accepted") throw new Error(`RemoteStartTransaction not accepted: ${JSON.stringify(frame)}`);
  await csms.until(() => available() > before, 5000, "connector 1 Available again");
  return ms;
}

/** A transaction runs on connector 1 (EV plugged, remote start accepted); the RemoteStopTransaction is timed. */
async function measureRemoteStop(csms: LoopbackCsms, station: BenchStation): Promise<Row[]> {
  let nextTransactionId = 5000;
  csms.answer = (action) => {
    if (action === "Authorize") return { result: { idTagInfo: { status: "Accepted" } } };
    if (action === "StartTransaction") return { result: { transactionId: ++nextTransactionId, idTagInfo: { status: "Accepted" } } };
    return undefined;
  };
  const stopOnce = async () => {
    const preparing = csms.statusCount(1, "Preparing");
    await station.sim("plug", "1");
    await csms.until(() => csms.statusCount(1, "Preparing") > preparing, 5000, "connector 1 Preparing");
    const charging = csms.statusCount(1, "Charging") + csms.statusCount(1, "SuspendedEV");
    const { frame } = await csms.call("RemoteStartTransaction", { idTag: "BE4C0002", connectorId: 1 });
    if ((frame[2] as { status?: string }).status !== "Accepted") throw new Error(`RemoteStartTransaction not accepted: ${JSON.stringify(frame)}`);
    await csms.until(() => csms.statusCount(1, "Charging") + csms.statusCount(1, "SuspendedEV") > charging, 5000, "the transaction running");
    const finishing = csms.statusCount(1, "Finishing");
    const { frame: stopped, ms } = await csms.call("RemoteStopTransaction", { transactionId: nextTransactionId });
    if ((stopped[2] as { status?: string }).status !== "Accepted") throw new Error(`RemoteStopTransaction not accepted: ${JSON.stringify(stopped)}`);
    await csms.until(() => csms.statusCount(1, "Finishing") > finishing, 5000, "connector 1 Finishing");
    const available = csms.statusCount(1, "Available");
    await station.sim("unplug", "1");
    await csms.until(() => csms.statusCount(1, "Available") > available, 5000, "connector 1 Available");
    return ms;
  };
  return measure("RemoteStopTransaction", stopOnce, stopSamples, 20);
}

async function measure(what: string, once: () => Promise<number>, count = samples, warmUpCount = warmUp): Promise<Row[]> {
  const times: number[] = [];
  for (let i = 0; i < warmUpCount + count; i++) {
    const ms = await once();
    if (i >= warmUpCount) times.push(ms);
  }
  const note = `${count} CALLs`;
  const target = targets[what];
  return [
    { figure: `${what} p50`, value: percentile(times, 50), unit: "ms", ...(target?.p50 ? { target: { op: "<", value: target.p50 } as const } : {}), note },
    { figure: `${what} p99`, value: percentile(times, 99), unit: "ms", ...(target ? { target: { op: "<", value: target.p99 } as const } : {}), note },
  ];
}
