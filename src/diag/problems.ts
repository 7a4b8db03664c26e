import type { ConnectorReport, Problem, StoreReport, SummaryFacts } from "./diag-report.ts";
import { formatDuration, formatTime, secondsBetween } from "./durations.ts";

/** Messages this old in the queue while connected mean delivery is stuck. */
const stuckQueueSec = 300;

/**
 * What is wrong, most important first: a "problem" makes `diag` exit 1, a "notice" is worth
 * knowing but not a fault (e.g. a connector the Central System set Inoperative).
 */
export function findProblems(facts: SummaryFacts, store: StoreReport): Problem[] {
  const now = new Date(facts.clock.now);
  const found = facts.running ? [...linkProblems(facts, now)] : notRunningProblems(facts, now);
  // A station that never started has no database yet, and no problem with it: not running already says everything.
  found.push(...store.problems.map((text) => problem(`Database ${store.file}: ${text}`)));
  if (facts.running) found.push(...facts.connectors.flatMap(connectorProblems));
  found.push(...Object.values(facts.profiles).flatMap((profile) => profile.problems ?? []));
  if (facts.running && facts.lastRun && facts.lastRun.stoppedAt === null) {
    found.push(notice(`The run before this one (started ${formatTime(facts.lastRun.startedAt)}) ended without a clean shutdown: power loss or crash`));
  }
  return [...found.filter((p) => p.severity === "problem"), ...found.filter((p) => p.severity === "notice")];
}

function linkProblems(facts: SummaryFacts, now: Date): Problem[] {
  const { queue, centralSystem: link } = facts;
  const waiting = queue.pending > 0 ? `: ${plural(queue.pending, "message")} waiting` : "";
  if (facts.connection !== "connected") {
    const downSince = new Date(link.lastDisconnectedAt ?? facts.since!);
    const error = link.lastError ? ` (${link.lastError.message})` : "";
    return [problem(`Central System unreachable for ${formatDuration(secondsBetween(downSince, now))}${waiting}${error}`)];
  }
  if (facts.registration === "Rejected") return [problem(`The Central System rejected the registration (BootNotification)${waiting}; no charging until it accepts`)];
  if (facts.registration === "Pending") return [problem(`Registration pending at the Central System${waiting}`)];
  if (facts.registration !== "Accepted") return [problem(`Registration not answered yet${waiting}`)];
  if (queue.oldestAgeSec !== null && queue.oldestAgeSec > stuckQueueSec) {
    return [problem(`${plural(queue.pending, "message")} waiting although connected, the oldest for ${formatDuration(queue.oldestAgeSec)}`)];
  }
  return facts.clock.source === "system" ? [notice("The clock was not set by the Central System: times are the system's")] : [];
}

function notRunningProblems(facts: SummaryFacts, now: Date): Problem[] {
  const run = facts.lastRun;
  const since = facts.since ? ` since ${formatTime(facts.since)} (${formatDuration(secondsBetween(new Date(facts.since), now))})` : "";
  const how = !run
    ? "it has never run on this data directory"
    : run.stoppedAt
      ? `it stopped cleanly (${run.stopReason})`
      : "the last run ended without a clean shutdown: power loss or crash";
  const found = [problem(`The station is not running${since}: ${how}`)];
  if (facts.queue.pending > 0) found.push(problem(`${plural(facts.queue.pending, "message")} waiting for the Central System, sent when the station runs again`));
  for (const connector of facts.connectors) {
    const tx = connector.transaction;
    if (!tx) continue;
    const id = tx.transactionId === null ? "not yet known to the Central System" : `transaction ${tx.transactionId}`;
    found.push(problem(`Connector ${connector.id}: a transaction (${id}, idTag ${tx.idTag}) was interrupted; the next start stops it with reason PowerLoss`));
  }
  return found;
}

function connectorProblems(connector: ConnectorReport): Problem[] {
  const name = connector.id === 0 ? "Station" : `Connector ${connector.id}`;
  const info = connector.info ? ` (${connector.info})` : "";
  if (connector.status === "Faulted") return [problem(`${name} Faulted: ${connector.errorCode}${info}`)];
  if (connector.errorCode !== "NoError") return [problem(`${name}: ${connector.errorCode}${info} while ${connector.status}`)];
  if (connector.status === "Unavailable") return [notice(`${name} Unavailable: set Inoperative (ChangeAvailability)`)];
  return [];
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

function problem(message: string): Problem {
  return { severity: "problem", message };
}

function notice(message: string): Problem {
  return { severity: "notice", message };
}
