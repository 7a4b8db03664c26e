import { FakeStorage } from "../../../support/station-rig.ts";
import { stationKeys } from "../../../support/key-table.ts";
import { describe, expect, test } from "bun:test";
import { Configuration } from "../../../../src/station/configuration/configuration.ts";
import { Metering } from "../../../../src/station/metering/metering.ts";
import { nextAlignedBoundary } from "../../../../src/station/metering/sampled-values.ts";
import { FakeClock } from "../../../support/fake-clock.ts";
import { MemoryConfigurationStore } from "../../../support/memory-configuration-store.ts";
import { MemoryTransactionStore } from "../../../support/memory-transaction-store.ts";

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

function setup(overrides: Record<string, string>) {
  const clock = new FakeClock("2026-01-01T10:00:05Z");
  const store = new MemoryTransactionStore(() => clock.now());
  const configuration = new Configuration({ keys: stationKeys, overrides, store: new MemoryConfigurationStore() });
  const energy = new Map([[1, 1000], [2, 5000]]);
  const metering = new Metering({
    clock,
    configuration,
    transactions: store,
    outbox: store,
    storage: new FakeStorage(),
    connectorIds: [1, 2],
    snapshot: (id) => ({ energyWh: id === 0 ? energy.get(1)! + energy.get(2)! : energy.get(id)!, powerW: id === 1 ? 7400 : 0, offeredA: id === 1 ? 32 : null }),
    queued: () => {},
    log: silentLog,
  });
  const startTx = () => {
    const tx = store.begin({ connectorId: 1, idTag: "T", meterStartWh: 1000, startedAt: clock.now() }, { connectorId: 1, idTag: "T", meterStart: 1000, timestamp: clock.now().toISOString() });
    store.discard(store.peek()!.seq);
    metering.transactionStarted(1, tx.localTxId, clock.now());
    return tx;
  };
  return { clock, store, configuration, metering, energy, startTx };
}

const payloads = (store: MemoryTransactionStore) => store.messages.map((m) => m.payload as { connectorId: number; meterValue: { timestamp: string; sampledValue: Record<string, string>[] }[] });

describe("Metering", () => {
  test("samples every MeterValueSampleInterval from the transaction start with each configured measurand", async () => {
    const { clock, store, energy, startTx } = setup({ MeterValueSampleInterval: "10", ClockAlignedDataInterval: "0", MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import,Current.Offered" });
    const tx = startTx();
    energy.set(1, 1020);
    await clock.advanceAsync(30_000);
    const sent = payloads(store);
    expect(sent.map((p) => p.meterValue[0]!.timestamp)).toEqual(["2026-01-01T10:00:15.000Z", "2026-01-01T10:00:25.000Z", "2026-01-01T10:00:35.000Z"]);
    expect(sent[0]!.meterValue[0]!.sampledValue).toEqual([
      { value: "1020", context: "Sample.Periodic", format: "Raw", location: "Outlet", measurand: "Energy.Active.Import.Register", unit: "Wh" },
      { value: "7400", context: "Sample.Periodic", format: "Raw", location: "Outlet", measurand: "Power.Active.Import", unit: "W" },
      { value: "32", context: "Sample.Periodic", format: "Raw", location: "Outlet", measurand: "Current.Offered", unit: "A" },
    ]);
    expect(store.messages.every((m) => m.localTxId === tx.localTxId)).toBe(true);
    expect(store.open()[0]).toMatchObject({ lastMeterWh: 1020 });
  });

  test("sends clock-aligned values on the interval boundaries for the station and every connector", async () => {
    const { clock, store, metering } = setup({ MeterValueSampleInterval: "0", ClockAlignedDataInterval: "20" });
    metering.start();
    await clock.advanceAsync(40_000);
    const sent = payloads(store);
    expect(sent.map((p) => [p.connectorId, p.meterValue[0]!.timestamp])).toEqual([
      [0, "2026-01-01T10:00:20.000Z"], [1, "2026-01-01T10:00:20.000Z"], [2, "2026-01-01T10:00:20.000Z"],
      [0, "2026-01-01T10:00:40.000Z"], [1, "2026-01-01T10:00:40.000Z"], [2, "2026-01-01T10:00:40.000Z"],
    ]);
    expect(sent[0]!.meterValue[0]!.sampledValue[0]).toMatchObject({ value: "6000", context: "Sample.Clock" });
    expect(store.messages.every((m) => m.localTxId === null)).toBe(true);
  });

  test("a clock the Central System sets back a little never samples a boundary twice (seen in the power-loss chaos test)", async () => {
    const { clock, store, metering } = setup({ MeterValueSampleInterval: "0", ClockAlignedDataInterval: "20" });
    metering.start();
    await clock.advanceAsync(10_000);
    clock.adjust(new Date(clock.now().getTime() - 5));
    await clock.advanceAsync(30_000);
    expect(payloads(store).filter((p) => p.connectorId === 0).map((p) => p.meterValue[0]!.timestamp)).toEqual(["2026-01-01T10:00:20.000Z", "2026-01-01T10:00:40.000Z"]);
  });

  test("collects Transaction.Begin, samples and Transaction.End for StopTransaction", async () => {
    const { clock, metering, energy, startTx } = setup({ MeterValueSampleInterval: "60", ClockAlignedDataInterval: "0" });
    startTx();
    energy.set(1, 1500);
    await clock.advanceAsync(60_000);
    energy.set(1, 1800);
    const data = metering.transactionStopping(1, clock.now());
    expect(data?.map((mv) => [mv.sampledValue[0]!.context, mv.sampledValue[0]!.value])).toEqual([
      ["Transaction.Begin", "1000"], ["Sample.Periodic", "1500"], ["Transaction.End", "1800"],
    ]);
  });

  test("sends no transactionData when StopTxnSampledData and StopTxnAlignedData are empty (C§3.16.5)", () => {
    const { clock, metering, startTx } = setup({ StopTxnSampledData: "", StopTxnAlignedData: "" });
    startTx();
    expect(metering.transactionStopping(1, clock.now())).toBeUndefined();
  });

  test("a changed MeterValueSampleInterval applies to running transactions at once", async () => {
    const { clock, store, configuration, startTx } = setup({ MeterValueSampleInterval: "600", ClockAlignedDataInterval: "0" });
    startTx();
    await clock.advanceAsync(5_000);
    configuration.change("MeterValueSampleInterval", "10");
    await clock.advanceAsync(5_000);
    expect(store.messages).toHaveLength(1);
  });

  test("keeps the register of a running transaction fresh even without sampling", async () => {
    const { clock, store, energy, startTx } = setup({ MeterValueSampleInterval: "0", ClockAlignedDataInterval: "0" });
    startTx();
    energy.set(1, 1234);
    await clock.advanceAsync(15_000);
    expect(store.messages).toHaveLength(0);
    expect(store.open()[0]).toMatchObject({ lastMeterWh: 1234 });
  });
});

describe("nextAlignedBoundary", () => {
  test("counts intervals from midnight UTC and restarts at midnight", () => {
    expect(nextAlignedBoundary(new Date("2026-01-01T10:07:00Z"), 900).toISOString()).toBe("2026-01-01T10:15:00.000Z");
    expect(nextAlignedBoundary(new Date("2026-01-01T10:15:00Z"), 900).toISOString()).toBe("2026-01-01T10:30:00.000Z");
    expect(nextAlignedBoundary(new Date("2026-01-01T23:50:00Z"), 7 * 3600).toISOString()).toBe("2026-01-02T00:00:00.000Z");
  });
});
