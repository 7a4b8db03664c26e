/**
 * Central System CALL → station CALLRESULT over loopback, one at a time, p50 and p99, for
 * RemoteStartTransaction (accepted each time: the Central System refuses the tag's Authorize, so
 * the connector is free again for the next), GetConfiguration without keys (every key) and
 * ChangeConfiguration (a persisted key, so each one is a durable commit).
 */
import { type Bench, BenchStation, percentile, type Row } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const samples = Number(process.env.BENCH_SAMPLES ?? 2000);
const warmUp = 200;
const target = { op: "<", value: 5 } as const;

export const bench: Bench = {
  name: "response time",
  async run() {
    const csms = new LoopbackCsms().start();
    // The remote start's Authorize is refused: the connector goes back to Available by itself.
    csms.answer = (action) => (action === "Authorize" ? { result: { idTagInfo: { status: "Invalid" } } } : undefined);
    const station = new BenchStation({ url: csms.url });
    try {
      station.start();
      await station.waitForLine(/registration accepted/);
      // The boot's own StatusNotifications come after that line; counting starts once they are in.
      await csms.until(() => csms.statusCount(1, "Available") >= 1, 5000, "the boot status of connector 1");
      const rows: Row[] = [];
      rows.push(...(await measure("RemoteStartTransaction", () => remoteStart(csms))));
      rows.push(...(await measure("GetConfiguration (all keys)", async () => (await csms.call("GetConfiguration", {})).ms)));
      let value = 20;
      rows.push(...(await measure("ChangeConfiguration", async () => (await csms.call("ChangeConfiguration", { key: "MeterValueSampleInterval", value: String((value = 41 - value)) })).ms)));
      return rows;
    } finally {
      await station.remove();
      csms.stop();
    }
  },
};

async function remoteStart(csms: LoopbackCsms): Promise<number> {
  const available = () => csms.statusCount(1, "Available");
  const before = available();
  const { frame, ms } = await csms.call("RemoteStartTransaction", { idTag: "BE4C0001", connectorId: 1 });
  if ((frame[2] as { status?: string }).status !== "Accepted") throw new Error(`RemoteStartTransaction not accepted: ${JSON.stringify(frame)}`);
  await csms.until(() => available() > before, 5000, "connector 1 Available again");
  return ms;
}

async function measure(what: string, once: () => Promise<number>): Promise<Row[]> {
  const times: number[] = [];
  for (let i = 0; i < warmUp + samples; i++) {
    const ms = await once();
    if (i >= warmUp) times.push(ms);
  }
  const note = `${samples} CALLs`;
  return [
    { figure: `${what} p50`, value: percentile(times, 50), unit: "ms", note },
    { figure: `${what} p99`, value: percentile(times, 99), unit: "ms", target, note },
  ];
}
