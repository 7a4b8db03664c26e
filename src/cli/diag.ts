import { existsSync, readFileSync } from "node:fs";
import { ConfigError, loadConfig, type LoadedConfig } from "../config/load.ts";
import { controlSocketPath } from "../control/control-socket.ts";
import type { ConfigReport, Problem, QueueReport, RfidReport, SelfTestReport, StoreReport, SummaryFacts, SummaryReport } from "../diag/diag-report.ts";
import { followLog, lastLogLines } from "../diag/log-tail.ts";
import { ping, type UpgradePolicy } from "../diag/ping.ts";
import { findProblems } from "../diag/problems.ts";
import { renderConfig, renderPing, renderQueue, renderRfid, renderSelfTest } from "../diag/render-details.ts";
import { renderSummary } from "../diag/render-summary.ts";
import { paintFor, type Paint } from "../diag/text-style.ts";
import { logFilePaths } from "../log/log-file.ts";
import { errorText } from "../log/logger.ts";
import { connectionTarget } from "../ocpp/connection-target.ts";
import { askRunning, liveOrStored, withStored } from "./live-or-stored.ts";
import { UsageError } from "./usage.ts";

export type DiagArgs = { configPath: string; isJson: boolean; isFollow: boolean; lines: string | undefined; timeout: string | undefined; positionals: string[] };

type Context = { loaded: LoadedConfig; dataDir: string; isJson: boolean; paint: Paint; args: DiagArgs };
type Subcommand = { run(context: Context): Promise<number>; flags: ("follow" | "lines" | "timeout" | "connectorId")[] };

const subcommands: Record<string, Subcommand> = {
  summary: { run: summary, flags: [] },
  config: { run: config, flags: [] },
  log: { run: log, flags: ["follow", "lines"] },
  queue: { run: queue, flags: [] },
  rfid: { run: rfid, flags: ["timeout"] },
  hw: { run: hw, flags: ["connectorId"] },
  ping: { run: pingCommand, flags: [] },
};

/**
 * `csc22b7 diag [sub-command]`: exit 0 healthy, 1 a problem found (or the station could not answer), 2 usage.
 * With `--json` a failure too is one JSON object on stdout, with the problem in it; the message goes to stderr as well.
 */
export async function runDiag(args: DiagArgs): Promise<number> {
  try {
    const [name = "summary"] = args.positionals;
    const subcommand = subcommands[name];
    if (!subcommand) throw new UsageError(`diag: unknown sub-command "${name}": use ${Object.keys(subcommands).join(", ")}`);
    checkFlags(name, subcommand, args);
    const loaded = loadConfig(args.configPath);
    return await subcommand.run({ loaded, dataDir: loaded.config.dataDir, isJson: args.isJson, paint: paintFor(process.stdout), args });
  } catch (error) {
    if (args.isJson) console.log(JSON.stringify(failureReport(error), null, 2));
    throw error;
  }
}

function failureReport(error: unknown): { healthy: false; problems: Problem[] } {
  const messages = error instanceof ConfigError ? error.problems : [errorText(error)];
  return { healthy: false, problems: messages.map((message) => ({ severity: "problem", message })) };
}

function checkFlags(name: string, subcommand: Subcommand, args: DiagArgs): void {
  const given = { follow: args.isFollow, lines: args.lines !== undefined, timeout: args.timeout !== undefined, connectorId: args.positionals.length > 1 };
  const flagNames = { follow: "-f", lines: "-n", timeout: "--timeout", connectorId: "a connector id" };
  for (const flag of Object.keys(given) as (keyof typeof given)[]) {
    if (given[flag] && !subcommand.flags.includes(flag)) throw new UsageError(`diag ${name} does not take ${flagNames[flag]}`);
  }
}

function print<T>(context: Context, report: T, render: (report: T, paint: Paint) => string): void {
  console.log(context.isJson ? JSON.stringify(report, null, 2) : render(report, context.paint));
}

/** Facts from the running station or the database; the store's health always from a read-only look. */
async function summaryReport(loaded: LoadedConfig): Promise<SummaryReport> {
  const source = await liveOrStored<SummaryFacts, [SummaryFacts, StoreReport]>(loaded, { kind: "summary" }, (stored) => [stored.summary(new Date()), stored.health()]);
  const [facts, store] = "live" in source ? [source.live, withStored(loaded, true, (stored) => stored.health())] : source.stored;
  const problems = findProblems(facts, store);
  return { ...facts, store, problems, healthy: !problems.some((p) => p.severity === "problem") };
}

async function summary(context: Context): Promise<number> {
  const report = await summaryReport(context.loaded);
  print(context, report, renderSummary);
  return report.healthy ? 0 : 1;
}

async function config(context: Context): Promise<number> {
  const source = await liveOrStored<ConfigReport, ConfigReport>(context.loaded, { kind: "config" }, (stored) => stored.config());
  print(context, "live" in source ? source.live : source.stored, renderConfig);
  return 0;
}

async function queue(context: Context): Promise<number> {
  const source = await liveOrStored<QueueReport, QueueReport>(context.loaded, { kind: "queue" }, (stored) => stored.queue(new Date()));
  print(context, "live" in source ? source.live : source.stored, renderQueue);
  return 0;
}

async function rfid(context: Context): Promise<number> {
  const timeoutSec = wholeNumber(context.args.timeout ?? "30", "--timeout", 1, 600);
  progress(context, `Present a card to the reader within ${timeoutSec} s (it will not start a charge)…`);
  const report = await askRunning<RfidReport>(context.dataDir, { kind: "rfid", timeoutSec }, (timeoutSec + 5) * 1000);
  if (!report) return notRunning("the card reader is checked by the running station");
  print(context, report, renderRfid);
  return report.idTag === null ? 1 : 0;
}

async function hw(context: Context): Promise<number> {
  const connectorText = context.args.positionals[1];
  const connectorId = connectorText === undefined ? undefined : wholeNumber(connectorText, "the connector id", 0, 2);
  progress(context, "Self-test: LED colours, pilot, contactor (only with no EV connected), meter…");
  const report = await askRunning<SelfTestReport>(context.dataDir, { kind: "hw", ...(connectorId === undefined ? {} : { connectorId }) }, 60_000);
  if (!report) return notRunning("the self-test runs inside the station, which stays in charge of the contactors");
  print(context, report, renderSelfTest);
  return report.passed ? 0 : 1;
}

async function pingCommand(context: Context): Promise<number> {
  const { config } = context.loaded;
  const live = await askRunning<SummaryFacts>(context.dataDir, { kind: "summary" });
  const security = withStored(context.loaded, live !== undefined, (stored) => stored.security());
  const readPem = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path, "utf8"));
  const target = connectionTarget(config.centralSystem.url, config.chargePointId, {
    ...security,
    caPem: readPem(config.centralSystem.caFile),
    clientCertPem: readPem(config.centralSystem.certFile),
    clientKeyPem: readPem(config.centralSystem.keyFile),
  });
  const isConnected = live?.connection === "connected";
  const policy: UpgradePolicy = !isConnected ? "full" : security.profile === 1 || security.profile === 2 ? "withoutCredentials" : "none";
  const report = await ping(target, policy);
  print(context, report, renderPing);
  return report.passed ? 0 : 1;
}

async function log(context: Context): Promise<number> {
  const count = wholeNumber(context.args.lines ?? "50", "-n", 0, 100_000);
  const recent = lastLogLines(context.dataDir, count);
  if (!recent && !context.args.isFollow) throw new Error(`diag: no log kept yet in ${logFilePaths(context.dataDir).current}`);
  const show = (line: string) => console.log(context.isJson && context.args.isFollow ? JSON.stringify({ line }) : line);
  if (context.isJson && !context.args.isFollow) console.log(JSON.stringify({ file: recent!.file, lines: recent!.lines }, null, 2));
  else recent?.lines.forEach(show);
  if (!context.args.isFollow) return 0;
  let isStopped = false;
  const stop = () => (isStopped = true);
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  await followLog(context.dataDir, show, () => isStopped);
  return 0;
}

/** While the station works on a long request; on stderr, so that stdout holds only the result. */
function progress(context: Context, text: string): void {
  if (!context.isJson && existsSync(controlSocketPath(context.dataDir))) console.error(text);
}

function notRunning(why: string): never {
  throw new Error(`diag: the station is not running: ${why}; start it first`);
}

function wholeNumber(text: string, what: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`diag: ${what} must be a whole number ${min}-${max}, got "${text}"`);
  return Number(text);
}
