import { describe, expect, test } from "bun:test";
import type { SummaryReport } from "../../../src/diag/diag-report.ts";
import { renderSummary } from "../../../src/diag/render-summary.ts";
import { noPaint, paintFor } from "../../../src/diag/text-style.ts";
import { connector, healthyStore, runningFacts } from "./summary-facts.ts";

const charging = connector({
  id: 1,
  status: "Charging",
  pilotState: "C",
  pilotVolts: 6,
  contactor: { commanded: "closed", feedback: "closed" },
  offeredA: 16,
  meterWh: 1_234_567,
  powerW: 11_040,
  transactionId: 17,
  idTag: "04A2B3C4",
  transaction: { localTxId: 9, transactionId: 17, idTag: "04A2B3C4", startedAt: "2025-03-02T10:58:00.000Z", durationSec: 3720, meterStartWh: 1_231_357, energyWh: 3210 },
});

function report(patch: Partial<SummaryReport> = {}): SummaryReport {
  return { ...runningFacts({ connectors: [connector({ id: 0 }), charging, connector({ id: 2 })] }), store: healthyStore, problems: [], healthy: true, ...patch };
}

describe("the summary screen", () => {
  test("shows identity, link, queue, store and each connector on at most 80 columns", () => {
    const text = renderSummary(report(), noPaint);
    expect(text).toContain("CSC-22B7 CSC22B7-0001  firmware 1.0.0 (abc1234)  running for 3 h 00 min");
    expect(text).toContain("No problems found.");
    expect(text).toContain("  connection    connected since 2025-03-02 09:00:02Z");
    expect(text).toContain("Store           /var/lib/csc22b7/station.db, 1.2 MB, integrity ok");
    expect(text).toContain("Local list      version 12, 1,234 entries");
    expect(text).toContain("  transaction 17, idTag 04A2B3C4, 1 h 02 min, 3.21 kWh");
    expect(text).toContain("  pilot C (6.0 V), contactor closed (feedback closed), offering 16.0 A");
    expect(text).toContain("  meter 1234.567 kWh, 11040 W");
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  test("shows each profile's part under its title, within 80 columns", () => {
    const profiles = {
      SmartCharging: { title: "Smart charging", lines: ["connector 1  10.0 A  profile 1 ChargePointMaxProfile at 120 s", "             shared; 6.0 A from 2026-01-01 11:00:00Z"], data: {} },
    };
    const text = renderSummary(report({ profiles }), noPaint);
    expect(text).toContain("Smart charging  connector 1  10.0 A  profile 1 ChargePointMaxProfile at 120 s\n                             shared; 6.0 A from 2026-01-01 11:00:00Z");
    for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(80);
  });

  test("puts problems right under the headline", () => {
    const text = renderSummary(report({ problems: [{ severity: "problem", message: "Central System unreachable for 3 h 00 min" }], healthy: false }), noPaint);
    expect(text.split("\n")[1]).toBe("[!] Central System unreachable for 3 h 00 min");
  });

  test("a stopped station shows since when and its last run instead of the link details", () => {
    const stopped = report({ running: false, since: "2025-03-02T11:00:00.000Z", uptimeSec: null, connection: "offline" });
    const text = renderSummary(stopped, noPaint);
    expect(text).toContain("NOT RUNNING since 2025-03-02 11:00:00Z");
    expect(text).toContain("Last run        1.0.0, 2025-03-01 08:00:00Z to 2025-03-02 08:59:50Z (Reboot)");
    expect(text).not.toContain("registration");
  });
});

describe("colour", () => {
  test("only on a terminal, never with NO_COLOR or a dumb terminal", () => {
    const faulted = report({ problems: [{ severity: "problem", message: "Connector 2 Faulted" }] });
    expect(renderSummary(faulted, paintFor({ isTTY: false }, {}))).not.toContain("\x1b[");
    expect(renderSummary(faulted, paintFor({ isTTY: true }, {}))).toContain("\x1b[1;31m[!] Connector 2 Faulted\x1b[0m");
    expect(renderSummary(faulted, paintFor({ isTTY: true }, { NO_COLOR: "1" }))).not.toContain("\x1b[");
    expect(renderSummary(faulted, paintFor({ isTTY: true }, { TERM: "dumb" }))).not.toContain("\x1b[");
  });
});
