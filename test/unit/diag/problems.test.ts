import { describe, expect, test } from "bun:test";
import { findProblems } from "../../../src/diag/problems.ts";
import { connector, healthyStore, runningFacts } from "./summary-facts.ts";

const messages = (facts: Parameters<typeof findProblems>[0], store = healthyStore) => findProblems(facts, store).map((p) => `${p.severity}: ${p.message}`);

describe("problems a technician sees first", () => {
  test("a healthy connected station has none", () => {
    expect(findProblems(runningFacts(), healthyStore)).toEqual([]);
  });

  test("an unreachable Central System says for how long, how much waits and the last error in words", () => {
    const facts = runningFacts({
      connection: "offline",
      centralSystem: {
        ...runningFacts().centralSystem,
        lastDisconnectedAt: "2025-03-02T09:00:00.000Z",
        lastError: { kind: "tlsError", message: "TLS / certificate error: certificate has expired", at: "2025-03-02T11:59:00.000Z" },
      },
      queue: { pending: 42, oldestAgeSec: 10_000 },
    });
    expect(messages(facts)).toEqual([
      "problem: Central System unreachable for 3 h 00 min: 42 messages waiting (TLS / certificate error: certificate has expired)",
    ]);
  });

  test("a station that never connected counts from its start", () => {
    const facts = runningFacts({ connection: "connecting", centralSystem: { ...runningFacts().centralSystem, lastConnectedAt: null } });
    expect(messages(facts)).toEqual(["problem: Central System unreachable for 3 h 00 min"]);
  });

  test("registration not accepted is a problem; messages stuck while connected too", () => {
    expect(messages(runningFacts({ registration: "Rejected" }))[0]).toStartWith("problem: The Central System rejected the registration");
    expect(messages(runningFacts({ registration: "Pending" }))).toEqual(["problem: Registration pending at the Central System"]);
    expect(messages(runningFacts({ queue: { pending: 3, oldestAgeSec: 900 } }))).toEqual(["problem: 3 messages waiting although connected, the oldest for 15 min"]);
    expect(messages(runningFacts({ queue: { pending: 1, oldestAgeSec: 5 } }))).toEqual([]);
  });

  test("faults are problems, an Inoperative connector only a notice, and problems come first", () => {
    const facts = runningFacts({
      connectors: [
        connector({ id: 0, errorCode: "ReaderFailure", info: "card reader does not answer" }),
        connector({ id: 1, status: "Unavailable" }),
        connector({ id: 2, status: "Faulted", errorCode: "PowerSwitchFailure", info: "contactor does not close" }),
      ],
    });
    expect(messages(facts)).toEqual([
      "problem: Station: ReaderFailure (card reader does not answer) while Available",
      "problem: Connector 2 Faulted: PowerSwitchFailure (contactor does not close)",
      "notice: Connector 1 Unavailable: set Inoperative (ChangeAvailability)",
    ]);
  });

  test("an unclean end of the previous run and an unset clock are notices", () => {
    const facts = runningFacts({
      clock: { now: "2025-03-02T12:00:00.000Z", source: "system", offsetMs: null },
      lastRun: { version: "1.0.0", startedAt: "2025-03-01T08:00:00.000Z", stoppedAt: null, stopReason: null },
    });
    expect(findProblems(facts, healthyStore).map((p) => p.severity)).toEqual(["notice", "notice"]);
  });

  test("each thing wrong with the database is a problem naming the file", () => {
    const integrity = "integrity check failed: row 3 missing from index";
    expect(messages(runningFacts(), { ...healthyStore, integrity, problems: [integrity, "station.db-wal is read-only (mode 0444): the station cannot record anything"] })).toEqual([
      "problem: Database /var/lib/csc22b7/station.db: integrity check failed: row 3 missing from index",
      "problem: Database /var/lib/csc22b7/station.db: station.db-wal is read-only (mode 0444): the station cannot record anything",
    ]);
  });
});

describe("a station that is not running", () => {
  const stopped = (patch: Parameters<typeof runningFacts>[0] = {}) =>
    runningFacts({ running: false, since: "2025-03-02T11:00:00.000Z", connection: "offline", registration: "Unknown", ...patch });

  test("says since when and how it stopped", () => {
    expect(messages(stopped())).toEqual(["problem: The station is not running since 2025-03-02 11:00:00Z (1 h 00 min): it stopped cleanly (Reboot)"]);
    const crashed = stopped({ lastRun: { version: "1.0.0", startedAt: "2025-03-01T08:00:00.000Z", stoppedAt: null, stopReason: null } });
    expect(messages(crashed)[0]).toEndWith("the last run ended without a clean shutdown: power loss or crash");
  });

  test("lists what waits and the transactions a power loss interrupted, not connector statuses", () => {
    const transaction = { localTxId: 4, transactionId: 17, idTag: "04A2B3C4", startedAt: "2025-03-02T10:00:00.000Z", durationSec: 60, meterStartWh: 0, energyWh: 100 };
    const facts = stopped({
      queue: { pending: 2, oldestAgeSec: 3600 },
      connectors: [connector({ id: 0, status: "Unavailable" }), connector({ id: 1, status: "Unavailable", transactionId: 17, idTag: "04A2B3C4", transaction })],
    });
    expect(messages(facts).slice(1)).toEqual([
      "problem: 2 messages waiting for the Central System, sent when the station runs again",
      "problem: Connector 1: a transaction (transaction 17, idTag 04A2B3C4) was interrupted; the next start stops it with reason PowerLoss",
    ]);
  });

  test("one that never started has no database, which is no extra problem", () => {
    const facts = stopped({ since: null, lastRun: null });
    expect(messages(facts, { file: "/data/station.db", sizeBytes: 0, integrity: "missing", problems: [] })).toEqual(["problem: The station is not running: it has never run on this data directory"]);
  });
});
