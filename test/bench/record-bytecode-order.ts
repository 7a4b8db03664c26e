/**
 * Records which functions the station runs, for the profile-guided bytecode layout of the build
 * (src/build/build.ts, `--bytecode-order`): `bun test/bench/record-bytecode-order.ts`, then commit
 * src/build/bytecode-order.prof. The executable then keeps the bytecode it uses together and maps
 * fewer pages (about 3 MB less resident memory). A profile from an older build still applies; record
 * again after large changes. The run: a first start on an empty data directory, registration, the
 * boot statuses, a charging session by card, the Central System's common requests, a clean stop.
 */
import { renameSync } from "node:fs";
import { join } from "node:path";
import { buildBinary } from "../support/binary.ts";
import { BenchStation } from "./bench-kit.ts";
import { LoopbackCsms } from "./loopback-csms.ts";

const profile = join(import.meta.dir, "../../src/build/bytecode-order.prof");
const recording = `${profile}.recording`;

await buildBinary();
const csms = new LoopbackCsms({ heartbeatIntervalSec: 2 }).start();
const station = new BenchStation({ url: csms.url }, { BUN_BYTECODE_ORDER_OUT: recording });
try {
  station.start();
  await station.waitForLine(/registration accepted/);
  await csms.until(() => csms.statusCount(2, "Available") >= 1, 5000, "the boot statuses");
  await station.sim("plug", "1");
  await station.sim("swipe", "04A2B3C4");
  await csms.until(() => csms.statusCount(1, "Charging") >= 1, 10_000, "charging on connector 1");
  await csms.call("GetConfiguration", {});
  await csms.call("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "1" });
  await csms.until(() => csms.count("MeterValues") >= 2, 10_000, "meter values");
  await csms.call("RemoteStartTransaction", { connectorId: 2, idTag: "04A2B3C4" });
  const transactionId = csms.calls.find((call) => call.action === "MeterValues" && call.payload.transactionId)?.payload.transactionId;
  await csms.call("RemoteStopTransaction", { transactionId });
  await csms.until(() => csms.count("StopTransaction") >= 1, 10_000, "the remote stop");
  await station.sim("unplug", "1");
  await csms.until(() => csms.statusCount(1, "Available") >= 2 && csms.count("Heartbeat") >= 1, 10_000, "connector 1 free and a heartbeat");
  await station.stop();
  renameSync(recording, profile);
  console.log(`profile written: ${profile}`);
} finally {
  await station.remove();
  csms.stop();
}
