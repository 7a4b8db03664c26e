import { describe, expect, test } from "bun:test";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { loadConfig } from "../../../src/config/load.ts";
import { StoredStation } from "../../../src/diag/stored-station.ts";
import { AvailabilityRepo } from "../../../src/store/availability-repo.ts";
import { ConfigurationRepo } from "../../../src/store/configuration-repo.ts";
import { openStore } from "../../../src/store/db.ts";
import { EnergyRegisterRepo } from "../../../src/store/energy-register-repo.ts";
import { OutboxRepo } from "../../../src/store/outbox-repo.ts";
import { ProcessRunRepo } from "../../../src/store/process-run-repo.ts";
import { TransactionRepo } from "../../../src/store/transaction-repo.ts";
import type { ChargingProfile } from "../../../src/messages/charging-profile.ts";
import { ChargingProfileRepo } from "../../../src/profiles/smart-charging/charging-profile-repo.ts";
import { tempDir, writeStationConfig } from "../../support/temp-dir.ts";

const t0 = new Date("2026-03-01T10:00:00.000Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);

/** A station that ran, charged on connector 1, queued its messages and lost power. */
function crashedStation() {
  const dir = tempDir();
  const loaded = loadConfig(writeStationConfig(dir, { ocpp: { MeterValueSampleInterval: 60 } }));
  const store = openStore(loaded.config.dataDir);
  const runs = new ProcessRunRepo(store.db);
  runs.stop(runs.start("0.9.0", at(-7200)).id, "Reboot", at(-3600));
  runs.start("1.0.0", at(-60));
  const transactions = new TransactionRepo(store.db);
  const tx = transactions.begin({ connectorId: 1, idTag: "04A2B3C4", meterStartWh: 1000, startedAt: t0 }, { connectorId: 1, idTag: "04A2B3C4", meterStart: 1000, timestamp: t0.toISOString() });
  new OutboxRepo(store.db, () => at(0)).delivered(1, { transactionId: 17 });
  transactions.recordMeter(tx.localTxId, 1500, at(300), { connectorId: 1, transactionId: 17, meterValue: [{ timestamp: at(300).toISOString(), sampledValue: [{ value: "1500" }] }] });
  new EnergyRegisterRepo(store.db, () => at(300)).save(1, 1500);
  new ConfigurationRepo(store.db, () => at(10)).save("HeartbeatInterval", "900");
  new AvailabilityRepo(store.db).save(2, "Inoperative", undefined);
  const maxProfile: ChargingProfile = { chargingProfileId: 4, stackLevel: 0, chargingProfilePurpose: "ChargePointMaxProfile", chargingProfileKind: "Absolute", chargingSchedule: { chargingRateUnit: "A", chargingSchedulePeriod: [{ startPeriod: 0, limit: 20 }] } };
  new ChargingProfileRepo(store.db).install({ connectorId: 0, localTxId: null, profile: maxProfile }, []);
  store.close();
  return { loaded, dataDir: loaded.config.dataDir };
}

describe("diag reads a stopped station's database", () => {
  test("the last run, the interrupted transaction, the registers and availability", () => {
    const { loaded } = crashedStation();
    const stored = StoredStation.open(loaded, false);
    const facts = stored.summary(at(3600));
    stored.close();
    expect(facts).toMatchObject({ running: false, since: at(300).toISOString(), connection: "offline", registration: "Unknown", queue: { pending: 1, oldestAgeSec: 3300 } });
    expect(facts.lastRun).toEqual({ version: "1.0.0", startedAt: at(-60).toISOString(), stoppedAt: null, stopReason: null });
    expect(facts.connectors.map((c) => [c.id, c.status, c.availability, c.meterWh])).toEqual([
      [0, "Unavailable", "Operative", undefined],
      [1, "Unavailable", "Operative", 1500],
      [2, "Unavailable", "Inoperative", 0],
    ]);
    expect(facts.connectors[1]).toMatchObject({ transactionId: 17, idTag: "04A2B3C4", transaction: { durationSec: 300, energyWh: 500 } });
    // Each profile's part, from its own tables.
    expect(facts.profiles?.["SmartCharging"]?.lines).toEqual(["1 profile installed (1 ChargePointMaxProfile)"]);
    expect(facts.profiles?.["LocalAuthListManagement"]?.lines).toEqual(["version 0, 0 entries"]);
  });

  test("the queue with its transaction, and the configuration with who changed what", () => {
    const { loaded } = crashedStation();
    const stored = StoredStation.open(loaded, false);
    const queue = stored.queue(at(3600));
    const keys = new Map(stored.config().keys.map((key) => [key.key, key]));
    stored.close();
    expect(queue.messages).toEqual([
      { seq: 2, action: "MeterValues", connectorId: 1, localTxId: 1, transactionId: 17, attempts: 0, createdAt: at(300).toISOString(), ageSec: 3300 },
    ]);
    expect(keys.get("HeartbeatInterval")).toMatchObject({ value: "900", source: "Central System" });
    expect(keys.get("MeterValueSampleInterval")).toMatchObject({ value: "60", source: "station.json" });
  });

  test("store health is SQLite's quick_check, and reading changes nothing on disk", () => {
    const { loaded, dataDir } = crashedStation();
    const file = join(dataDir, "station.db");
    const before = readFileSync(file);
    const stored = StoredStation.open(loaded, false);
    expect(stored.health()).toMatchObject({ file, integrity: "ok", sizeBytes: expect.any(Number) });
    stored.summary(new Date());
    stored.close();
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  test("a station that never started: nothing is created, and the factory values show", () => {
    const dir = tempDir();
    const loaded = loadConfig(writeStationConfig(dir));
    const stored = StoredStation.open(loaded, false);
    expect(stored.summary(new Date())).toMatchObject({ running: false, since: null, lastRun: null, queue: { pending: 0 } });
    expect(stored.health().integrity).toBe("missing");
    expect(stored.config().keys.find((key) => key.key === "HeartbeatInterval")).toMatchObject({ value: "270", source: "factory" });
    stored.close();
    expect(existsSync(loaded.config.dataDir)).toBe(false);
  });
});
