import type { SelfTestItem } from "../../drivers/index.ts";
import type { Log } from "../station/ports.ts";
import { ConfigurationRepo } from "../store/configuration-repo.ts";
import type { StoreDb } from "../store/db.ts";
import type { CardTap } from "./card-tap.ts";
import { configKeys } from "./config-report.ts";
import type { RfidReport, SelfTestReport } from "./diag-report.ts";
import type { ControlAnswer, DiagRequest } from "./diag-request.ts";
import { liveSummary, type LiveSources } from "./live-summary.ts";
import { queueReport } from "./queue-report.ts";

export type LiveDiagOptions = LiveSources & {
  db: StoreDb;
  /** The keys station.json set (its `ocpp` section and security settings). */
  ocppValues: Record<string, string>;
  cards: CardTap;
  log: Log;
};

/**
 * `csc22b7 diag` answered by the running station. Reading never changes anything; the self-test
 * and the card check are the only actions, and they stay off connectors with a transaction.
 */
export class LiveDiag {
  private isTesting = false;

  constructor(private readonly options: LiveDiagOptions) {}

  /** `signal` aborts when the technician's command goes away: a card check then stops waiting at once. */
  async serve(request: DiagRequest, signal: AbortSignal): Promise<ControlAnswer> {
    const { options } = this;
    switch (request.kind) {
      case "summary":
        return { ok: true, data: liveSummary(options) };
      case "config": {
        const stored = new ConfigurationRepo(options.db, () => options.clock.now()).loadAll();
        return { ok: true, data: { running: true, keys: configKeys(options.configuration, options.ocppValues, stored) } };
      }
      case "queue":
        return { ok: true, data: queueReport(options.repo, options.clock.now(), true) };
      case "rfid":
        return this.waitForCard(request.timeoutSec, signal);
      case "hw":
        return this.selfTest(request.connectorId);
    }
  }

  private async waitForCard(timeoutSec: number, signal: AbortSignal): Promise<ControlAnswer> {
    const { hardware, cards, log } = this.options;
    if (hardware.diagnostics().reader === "none") return { ok: false, reason: "the station has no card reader (hardware.reader.type is \"none\")" };
    const startMs = Date.now();
    log.info("waiting for a card; it will not be used for charging", { timeoutSec });
    const card = await cards.next(timeoutSec * 1000, signal);
    if (!card.ok && card.reason === "busy") return { ok: false, reason: "another diag rfid is already waiting for a card" };
    if (!card.ok && card.reason === "cancelled") {
      log.info("card check cancelled: cards go to charging again");
      return { ok: false, reason: "cancelled" };
    }
    const waitedSec = Math.round((Date.now() - startMs) / 100) / 10;
    const isReaderFaulted = hardware.faults.some((fault) => fault.source === "reader");
    const report: RfidReport = card.ok
      ? { idTag: card.idTag, waitedSec, detail: "card read; it was not used for charging", authorization: this.options.station.authorizer.preview(card.idTag) }
      : { idTag: null, waitedSec, detail: `no card within ${timeoutSec} s${isReaderFaulted ? "; the reader does not answer (ReaderFailure)" : ""}` };
    log.info("card check ended", { idTag: report.idTag ?? undefined, waitedSec });
    return { ok: true, data: report };
  }

  /** The station's items and each connector asked for; a connector with a transaction is refused. */
  private async selfTest(connectorId: number | undefined): Promise<ControlAnswer> {
    if (this.isTesting) return { ok: false, reason: "a hardware self-test is already running" };
    this.isTesting = true;
    try {
      const { hardware, log } = this.options;
      const ids = connectorId === undefined ? [0, ...hardware.connectors.map((c) => c.connectorId)] : [connectorId];
      const items: SelfTestItem[] = [];
      for (const id of ids) items.push(...(this.refusal(id) ?? (await hardware.selfTest(id))));
      const notPassed = items.filter((item) => item.result === "fail" || item.result === "refused");
      const report: SelfTestReport = { items, passed: notPassed.length === 0 };
      const notPassedText = notPassed.map((item) => `${item.connectorId}:${item.item}:${item.result}`).join(",");
      log.info("hardware self-test", { connectorId, passed: report.passed, notPassed: notPassedText || undefined });
      return { ok: true, data: report };
    } finally {
      this.isTesting = false;
    }
  }

  private refusal(connectorId: number): SelfTestItem[] | undefined {
    const { station, repo } = this.options;
    const phase = station.sessions.connector(connectorId)?.phase;
    if (phase?.kind !== "transaction") return undefined;
    const transactionId = repo.transactionIdOf(phase.tx.localTxId);
    const which = transactionId === null ? "a transaction" : `transaction ${transactionId}`;
    return [{ connectorId, item: "self-test", result: "refused", detail: `${which} is running on this connector: not tested, so that it is not disturbed` }];
  }
}
