import type { ConnectorReport, SummaryReport } from "./diag-report.ts";
import { formatDuration, formatTime, secondsBetween } from "./durations.ts";
import type { Paint } from "./text-style.ts";

/** The one screen a technician reads first: problems on top, then link, queue, store and connectors. Fits 80 columns. */
export function renderSummary(report: SummaryReport, paint: Paint): string {
  const connectors = report.connectors.flatMap((c) => connectorLines(c, paint));
  return [headline(report, paint), ...problemLines(report, paint), "", ...linkLines(report), ...stationLines(report), ...profileLines(report), "", ...connectors].join("\n");
}

function headline(report: SummaryReport, paint: Paint): string {
  const state = report.running
    ? paint.good(`running for ${formatDuration(report.uptimeSec ?? 0)}`)
    : paint.bad(`NOT RUNNING${report.since ? ` since ${formatTime(report.since)}` : ""}`);
  return `${paint.bold(`CSC-22B7 ${report.chargePointId}`)}  firmware ${report.version} (${report.build})  ${state}`;
}

function problemLines(report: SummaryReport, paint: Paint): string[] {
  if (report.problems.length === 0) return [paint.good("No problems found.")];
  return report.problems.map((p) => (p.severity === "problem" ? paint.bad(`[!] ${p.message}`) : paint.warn(`[i] ${p.message}`)));
}

function linkLines(report: SummaryReport): string[] {
  const link = report.centralSystem;
  const lines = [`Central System  ${link.url} (security profile ${link.securityProfile})`];
  if (!report.running) return lines;
  lines.push(`  connection    ${connectionText(report)}`);
  if (link.lastError) lines.push(`  last error    ${formatTime(link.lastError.at)} ${link.lastError.message}`);
  lines.push(`  registration  ${report.registration}`);
  return lines;
}

function connectionText(report: SummaryReport): string {
  const link = report.centralSystem;
  if (report.connection === "connected") return `connected since ${formatTime(link.lastConnectedAt!)}`;
  const retry = link.retryAt ? `, next attempt in ${formatDuration(secondsBetween(new Date(report.clock.now), new Date(link.retryAt)))}` : "";
  const last = link.lastConnectedAt ? `last connected ${formatTime(link.lastConnectedAt)}` : "never connected since the start";
  return `${report.connection} (${last}${retry})`;
}

function stationLines(report: SummaryReport): string[] {
  const { clock, queue, store, board, lastRun } = report;
  const offset = clock.offsetMs === null ? "not set by the Central System" : `set by the Central System, offset ${signed(clock.offsetMs / 1000)} s`;
  const oldest = queue.oldestAgeSec === null ? "" : `, oldest ${formatDuration(queue.oldestAgeSec)}`;
  const storeText = store.integrity === "missing" ? "no database yet" : `${(store.sizeBytes / 1024 / 1024).toFixed(1)} MB, integrity ${store.integrity}`;
  const lines = [
    `Clock           ${formatTime(clock.now)} (${report.running ? offset : "system clock"})`,
    `Queue           ${queue.pending} message${queue.pending === 1 ? "" : "s"} waiting${oldest}`,
    `Store           ${store.file}, ${storeText}`,
    `Board           ${board.kind}${board.isConnected === null ? "" : board.isConnected ? ", connected" : ", NOT connected"}; card reader ${board.reader}`,
  ];
  if (lastRun) lines.push(`${report.running ? "Previous run" : "Last run    "}    ${runText(lastRun)}`);
  return lines;
}

/** Each profile's lines under its title, in the column of the station's own lines. */
function profileLines(report: SummaryReport): string[] {
  return Object.values(report.profiles).flatMap(({ title, lines }) => lines.map((line, i) => `${(i === 0 ? title : "").padEnd(15)} ${line}`));
}

function runText(run: NonNullable<SummaryReport["lastRun"]>): string {
  const end = run.stoppedAt ? `to ${formatTime(run.stoppedAt)} (${run.stopReason})` : "until a power loss or crash";
  return `${run.version}, ${formatTime(run.startedAt)} ${end}`;
}

function connectorLines(connector: ConnectorReport, paint: Paint): string[] {
  const error = connector.errorCode === "NoError" ? "" : ` ${connector.errorCode}`;
  const info = connector.info ? ` (${connector.info})` : "";
  const status = `${connector.status}${error}${info}`;
  const isBad = connector.status === "Faulted" || connector.errorCode !== "NoError";
  const lines = [`Connector ${connector.id}     ${isBad ? paint.bad(status) : status}`];
  const tx = connector.transaction;
  if (tx) {
    const id = tx.transactionId === null ? "transaction (id not yet received)" : `transaction ${tx.transactionId}`;
    lines.push(`  ${id}, idTag ${tx.idTag}, ${formatDuration(tx.durationSec)}, ${(tx.energyWh / 1000).toFixed(2)} kWh`);
  }
  if (connector.pilotState !== undefined) lines.push(`  ${partsText(connector)}`);
  if (connector.meterWh !== undefined) lines.push(`  meter ${(connector.meterWh / 1000).toFixed(3)} kWh${connector.powerW === undefined ? "" : `, ${connector.powerW} W`}`);
  return lines;
}

function partsText(connector: ConnectorReport): string {
  const volts = connector.pilotVolts === null || connector.pilotVolts === undefined ? "" : ` (${connector.pilotVolts.toFixed(1)} V)`;
  const contactor = connector.contactor;
  const feedback = contactor?.feedback === null ? "no feedback reading" : `feedback ${contactor?.feedback}`;
  const offer = connector.offeredA === null || connector.offeredA === undefined ? "no current offered" : `offering ${connector.offeredA.toFixed(1)} A`;
  return `pilot ${connector.pilotState ?? "not measured"}${volts}, contactor ${contactor?.commanded} (${feedback}), ${offer}`;
}

function signed(value: number): string {
  return `${value >= 0 ? "+" : ""}${value.toFixed(1)}`;
}
