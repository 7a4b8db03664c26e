import type { ConfigReport, QueueReport, RfidReport, SelfTestReport } from "./diag-report.ts";
import { formatDuration } from "./durations.ts";
import type { PingReport } from "./ping.ts";
import type { Paint } from "./text-style.ts";

const notRunning = "(the station is not running: from its database and station.json)";

/** One key a line: name, value, and where a value other than the factory one came from. */
export function renderConfig(report: ConfigReport, paint: Paint): string {
  const width = Math.max(...report.keys.map((key) => key.key.length));
  const lines = report.keys.map((key) => {
    const value = key.value ?? "(not set)";
    const origin = key.isChanged ? paint.warn(`changed by ${key.source}, factory ${key.factory ?? "(not set)"}`) : "";
    return `${key.key.padEnd(width)}  ${value}${key.readonly ? " (read-only)" : ""}  ${origin}`.trimEnd();
  });
  return [...(report.running ? [] : [notRunning]), ...lines].join("\n");
}

export function renderQueue(report: QueueReport, paint: Paint): string {
  const header = `${report.pending} message${report.pending === 1 ? "" : "s"} waiting for the Central System${report.running ? "" : ` ${notRunning}`}`;
  if (report.messages.length === 0) return header;
  const rows = report.messages.map((m) => {
    const tx = m.localTxId === null ? "" : `, transaction ${m.transactionId ?? "(id not yet received)"} on connector ${m.connectorId ?? "?"}`;
    const attempts = m.attempts === 0 ? "not tried yet" : `${m.attempts} attempt${m.attempts === 1 ? "" : "s"}`;
    return `  #${m.seq} ${m.action.padEnd(16)} ${formatDuration(m.ageSec).padStart(10)} old, ${attempts}${tx}`;
  });
  const hidden = report.pending - report.messages.length;
  return [paint.bold(header), ...rows, ...(hidden > 0 ? [`  … and ${hidden} more`] : [])].join("\n");
}

export function renderSelfTest(report: SelfTestReport, paint: Paint): string {
  const lines = report.items.map((item) => {
    const where = item.connectorId === 0 ? "station    " : `connector ${item.connectorId}`;
    const mark = item.result === "pass" ? paint.good("PASS   ") : item.result === "skipped" ? paint.warn("SKIP   ") : paint.bad(item.result === "fail" ? "FAIL   " : "REFUSED");
    return `${mark}  ${where}  ${item.item.padEnd(14)} ${item.detail}`;
  });
  return [...lines, report.passed ? paint.good("Self-test passed.") : paint.bad("Self-test found problems or could not test everything.")].join("\n");
}

export function renderRfid(report: RfidReport, paint: Paint): string {
  if (report.idTag === null) return paint.bad(`No card: ${report.detail}`);
  const read = `${paint.good(`Card ${report.idTag}`)} after ${report.waitedSec} s (${report.detail})`;
  return report.authorization ? `${read}\nAuthorization now: ${report.authorization.detail}` : read;
}

export function renderPing(report: PingReport, paint: Paint): string {
  const lines = report.steps.map((step) => {
    const mark = step.result === "pass" ? paint.good("PASS") : step.result === "skipped" ? paint.warn("SKIP") : paint.bad("FAIL");
    const ms = step.result === "skipped" || step.ms === undefined ? "" : ` (${step.ms} ms)`;
    return `${mark}  ${step.step.padEnd(9)} ${step.detail}${ms}`;
  });
  const upgrade = {
    full: `The upgrade request used the station's identity${report.sentCredentials ? " and credentials" : ""} and was closed right after the answer.`,
    withoutCredentials: "The station is connected: the upgrade request went without credentials, so it cannot replace that connection.",
    none: "The station is connected: no upgrade request was sent, so that its connection is not replaced.",
  }[report.upgrade];
  const wasTried = report.steps.some((step) => step.step === "websocket" && step.result !== "skipped");
  return [`Probing ${report.url} on a separate connection.`, ...lines, ...(wasTried || report.upgrade === "none" ? [upgrade] : [])].join("\n");
}
