import { readFileSync } from "node:fs";
import type { StationConfig } from "../config/schema.ts";
import type { LiveDiag } from "../diag/live-diag.ts";
import { runReport } from "../diag/live-summary.ts";
import { logFilePaths } from "../log/log-file.ts";
import { hideSecretFields } from "../log/redact-secrets.ts";
import type { StationHost, StationReport } from "../profiles/profile.ts";
import { DiagnosticsRepo } from "../store/diagnostics-repo.ts";
import type { StoreDb } from "../store/db.ts";

/** Runs kept in a diagnostics file's run history. */
const reportedRuns = 100;

/**
 * What this process offers the profiles (src/profiles/profile.ts StationHost): dataDir, the executable
 * it runs as, the CA certificates https:// transfers trust, the log files and diag's reports.
 */
export function stationHost(config: StationConfig, db: StoreDb, diag: () => LiveDiag | undefined): StationHost {
  const logs = logFilePaths(config.dataDir);
  return {
    dataDir: config.dataDir,
    executable: isCompiled() ? { path: process.execPath, args: stationArguments(), cwd: process.cwd() } : undefined,
    transferCaPems: [config.centralSystem.caFile, config.fileTransfer.caFile].flatMap((file) => (file === undefined ? [] : [readFileSync(file, "utf8")])),
    logFiles: [logs.rotated, logs.current],
    reports: () => stationReports(config, db, diag()),
  };
}

/** The arguments this process was started with, without the executable (or, from source, the runtime). */
export function stationArguments(): string[] {
  return process.argv.slice(isCompiled() ? 2 : 1);
}

/** Compiled, argv is ["bun", "/$bunfs/root/csc22b7", ...arguments]; from source, [bun, script, ...arguments]. */
function isCompiled(): boolean {
  return process.argv[1]?.startsWith("/$bunfs/") ?? false;
}

/** `diag --json`, `diag config --json` and `diag queue --json` as the running station answers them, the run history and station.json (secrets hidden). */
async function stationReports(config: StationConfig, db: StoreDb, diag: LiveDiag | undefined): Promise<StationReport[]> {
  const signal = new AbortController().signal;
  const ask = async (kind: "summary" | "config" | "queue") => {
    const answer = await diag?.serve({ kind }, signal);
    return answer?.ok ? answer.data : { unavailable: answer?.reason ?? "the station is starting" };
  };
  return [
    { name: "diag.json", content: await ask("summary") },
    { name: "configuration-keys.json", content: await ask("config") },
    { name: "queue.json", content: await ask("queue") },
    { name: "runs.json", content: new DiagnosticsRepo(db).lastRuns(reportedRuns).map(runReport) },
    { name: "station.json", content: JSON.parse(JSON.stringify(config, hideSecretFields)) },
  ];
}
