/**
 * Durable enqueue rate of the outbox with WAL and synchronous=FULL: each message its own commit,
 * on disk before the call returns. Measured through the firmware's repositories on this machine's
 * disk: OutboxRepo.append (a message alone) and TransactionRepo.recordMeter (a transaction's
 * MeterValues together with its last meter reading, the path sampling takes).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { meterValue } from "../../src/station/metering/sampled-values.ts";
import { openStore } from "../../src/store/db.ts";
import { OutboxRepo } from "../../src/store/outbox-repo.ts";
import { TransactionRepo } from "../../src/store/transaction-repo.ts";
import type { Bench, Row } from "./bench-kit.ts";

const messages = Number(process.env.BENCH_ENQUEUE ?? 5000);

export const bench: Bench = {
  name: "outbox enqueue",
  async run() {
    const dir = mkdtempSync(join(tmpdir(), "csc22b7-bench-"));
    const store = openStore(dir);
    try {
      const outbox = new OutboxRepo(store.db, () => new Date());
      const transactions = new TransactionRepo(store.db);
      const now = new Date();
      const payload = (wh: number) => ({ connectorId: 1, meterValue: [meterValue(now, ["Energy.Active.Import.Register"], { energyWh: wh, powerW: 0, offeredA: null }, "Sample.Clock")] });
      const alone = rate(() => {
        for (let i = 0; i < messages; i++) outbox.append({ action: "MeterValues", payload: payload(i) }, null);
      });
      const tx = transactions.begin({ connectorId: 1, idTag: "BE4C0003", meterStartWh: 0, startedAt: now }, { connectorId: 1, idTag: "BE4C0003", meterStart: 0, timestamp: now.toISOString() });
      const withReading = rate(() => {
        for (let i = 0; i < messages; i++) transactions.recordMeter(tx.localTxId, i, now, payload(i));
      });
      const note = `${messages.toLocaleString("en-US")} commits, WAL, synchronous=FULL, ${tmpdir()}`;
      return [
        { figure: "durable outbox enqueue (OutboxRepo.append)", value: alone, unit: "msg/s", note },
        { figure: "durable enqueue with meter reading (recordMeter)", value: withReading, unit: "msg/s", note },
      ] satisfies Row[];
    } finally {
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};

function rate(work: () => void): number {
  const startedAt = performance.now();
  work();
  return messages / ((performance.now() - startedAt) / 1000);
}
