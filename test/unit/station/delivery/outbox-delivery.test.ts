import { stationKeys } from "../../../support/key-table.ts";
import { describe, expect, test } from "bun:test";
import { Configuration } from "../../../../src/station/configuration/configuration.ts";
import type { CallOutcome } from "../../../../src/station/ports.ts";
import { OutboxDelivery } from "../../../../src/station/delivery/outbox-delivery.ts";
import { transactionDeliveryRules } from "../../../../src/station/transactions/transaction-delivery.ts";
import { FakeCentralSystem } from "../../../support/fake-central-system.ts";
import { FakeClock, flushPromises } from "../../../support/fake-clock.ts";
import { MemoryConfigurationStore } from "../../../support/memory-configuration-store.ts";
import { MemoryTransactionStore } from "../../../support/memory-transaction-store.ts";

const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
const start = (connectorId: number) => ({ connectorId, idTag: "TAG", meterStart: 0, timestamp: "2026-01-01T00:00:00.000Z" });
const stop = { meterStop: 10, timestamp: "2026-01-01T00:10:00.000Z", transactionId: 0, reason: "Local" as const };
const meterValues = { connectorId: 1, meterValue: [{ timestamp: "2026-01-01T00:05:00.000Z", sampledValue: [{ value: "5" }] }] };

function setup(overrides: Record<string, string> = {}) {
  const clock = new FakeClock("2026-01-01T00:00:00Z");
  const csms = new FakeCentralSystem(clock);
  const store = new MemoryTransactionStore(() => clock.now());
  const configuration = new Configuration({ keys: stationKeys, overrides, store: new MemoryConfigurationStore() });
  let isRegistered = true;
  const started: unknown[] = [];
  const rules = transactionDeliveryRules({
    configuration,
    startAnswered: (localTxId, response) => started.push({ localTxId, response }),
    stopAnswered: () => {},
  });
  const delivery = new OutboxDelivery({
    outbox: store,
    csms,
    clock,
    log: silentLog,
    isRegistered: () => isRegistered,
    rules: new Map(rules.map((rule) => [rule.action, rule])),
  });
  const newTx = (connectorId = 1) =>
    store.begin({ connectorId, idTag: "TAG", meterStartWh: 0, startedAt: clock.now() }, start(connectorId));
  return { clock, csms, store, delivery, started, newTx, setRegistered: (value: boolean) => (isRegistered = value) };
}

const failing = (): CallOutcome<unknown> => ({ kind: "callError", code: "InternalError", description: "busy" });

describe("OutboxDelivery", () => {
  test("delivers queued messages in order once connected and registered, filling in the transactionId", async () => {
    const { clock, csms, store, delivery, newTx, started } = setup();
    let nextId = 41;
    csms.respond = (action) => ({ kind: "ok", payload: action === "StartTransaction" ? { transactionId: ++nextId, idTagInfo: { status: "Accepted" } } : {} });
    const tx = newTx();
    store.recordMeter(tx.localTxId, 5, clock.now(), meterValues);
    store.end(tx.localTxId, { at: clock.now(), meterStopWh: 10 }, stop);
    delivery.wake();
    await clock.advanceAsync(0);
    expect(csms.calls).toEqual([]);
    csms.connect();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["StartTransaction", "MeterValues", "StopTransaction"]);
    expect(csms.calls[1]?.payload).toMatchObject({ transactionId: 42 });
    expect(csms.calls[2]?.payload).toMatchObject({ transactionId: 42 });
    expect(started).toEqual([{ localTxId: tx.localTxId, response: { transactionId: 42, idTagInfo: { status: "Accepted" } } }]);
    // Only MeterValues may be sent again after a power loss: a second StartTransaction opens a second transaction.
    expect(store.removedAsRepeatable).toEqual(["MeterValues"]);
    expect(store.stats().pending).toBe(0);
  });

  test("waits for registration before sending anything queued (C§4.2)", async () => {
    const { clock, csms, delivery, newTx, setRegistered } = setup();
    setRegistered(false);
    csms.connect();
    newTx();
    delivery.wake();
    await clock.advanceAsync(0);
    expect(csms.calls).toEqual([]);
    setRegistered(true);
    delivery.wake();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["StartTransaction"]);
  });

  test("a lost link pauses delivery without using up attempts and resumes on reconnect", async () => {
    const { clock, csms, store, delivery, newTx } = setup();
    csms.connect();
    csms.respond = () => ({ kind: "offline" });
    newTx();
    delivery.wake();
    await clock.advanceAsync(0);
    expect(store.peek()?.attempts).toBe(0);
    csms.respond = () => ({ kind: "ok", payload: { transactionId: 1, idTagInfo: { status: "Accepted" } } });
    csms.connect();
    await clock.advanceAsync(0);
    expect(store.stats().pending).toBe(0);
  });

  test("a CALLERROR is retried after RetryInterval × attempts and given up after the last attempt (§8.6)", async () => {
    const { clock, csms, store, delivery } = setup({ TransactionMessageAttempts: "3", TransactionMessageRetryInterval: "60" });
    csms.connect();
    csms.respond = failing;
    store.append({ action: "MeterValues", payload: meterValues }, null);
    store.append({ action: "MeterValues", payload: { ...meterValues, connectorId: 2 } }, null);
    delivery.wake();
    await clock.advanceAsync(59_000);
    expect(csms.actions).toEqual(["MeterValues"]);
    await clock.advanceAsync(1_000);
    expect(csms.actions).toHaveLength(2);
    await clock.advanceAsync(119_000);
    expect(csms.actions).toHaveLength(2);
    csms.respond = (action, payload) => ((payload as { connectorId: number }).connectorId === 2 ? { kind: "ok", payload: {} } : failing());
    await clock.advanceAsync(1_000);
    expect(csms.calls.map((call) => (call.payload as { connectorId: number }).connectorId)).toEqual([1, 1, 1, 2]);
    expect(store.stats().pending).toBe(0);
  });

  test("no answer counts as a failed attempt", async () => {
    const { clock, csms, store, delivery } = setup();
    csms.connect();
    csms.respond = () => ({ kind: "timeout" });
    store.append({ action: "MeterValues", payload: meterValues }, null);
    delivery.wake();
    await clock.advanceAsync(0);
    expect(store.peek()?.attempts).toBe(1);
  });

  test("a StopTransaction is never given up: it keeps being retried", async () => {
    const { clock, csms, store, delivery } = setup({ TransactionMessageAttempts: "1", TransactionMessageRetryInterval: "10" });
    csms.connect();
    csms.respond = failing;
    store.append({ action: "StopTransaction", payload: stop }, null);
    delivery.wake();
    await clock.advanceAsync(3_600_000);
    expect(csms.actions.length).toBeGreaterThan(5);
    expect(store.peek()?.action).toBe("StopTransaction");
  });

  test("messages of a transaction whose StartTransaction was given up carry transactionId -1 (§8.7)", async () => {
    const { clock, csms, store, delivery, newTx } = setup({ TransactionMessageAttempts: "1" });
    csms.connect();
    csms.respond = (action) => (action === "StartTransaction" ? failing() : { kind: "ok", payload: {} });
    const tx = newTx();
    store.end(tx.localTxId, { at: clock.now(), meterStopWh: 10 }, stop);
    delivery.wake();
    await clock.advanceAsync(0);
    expect(csms.actions).toEqual(["StartTransaction", "StopTransaction"]);
    expect(csms.calls[1]?.payload).toMatchObject({ transactionId: -1 });
  });

  test("delivers 10,000 messages queued during a long outage, in order", async () => {
    const { clock, csms, store, delivery } = setup();
    for (let i = 0; i < 10_000; i++) store.append({ action: "MeterValues", payload: { ...meterValues, connectorId: (i % 2) + 1, transactionId: i } }, null);
    csms.connect();
    delivery.wake();
    for (let round = 0; round < 100_000 && store.stats().pending > 0; round++) await flushPromises();
    expect(csms.calls.map((call) => (call.payload as { transactionId: number }).transactionId)).toEqual([...Array(10_000).keys()]);
  });
});
