import { existsSync } from "node:fs";
import { loadConfig } from "../config/load.ts";
import { closeControlSocket, listenControlSocket, StationAlreadyRunning } from "../control/control-socket.ts";
import { LogFile } from "../log/log-file.ts";
import { formatLine } from "../log/logger.ts";
import type { Log } from "../station/ports.ts";
import { resetStore } from "../store/store-reset.ts";
import { withStored } from "./live-or-stored.ts";

const quiet: Log = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/**
 * `csc22b7 store reset [--force]`: for a database the station refuses (damaged, lost data), keeps it
 * aside (renamed, never deleted) so that the next start creates a new one. Never while a station
 * runs: the control socket, the station's own lock, is held while the files move. A healthy database
 * only with --force.
 */
export async function runStoreReset(configPath: string, isForced: boolean): Promise<number> {
  const loaded = loadConfig(configPath);
  const { dataDir } = loaded.config;
  if (!existsSync(dataDir)) return say(`${dataDir} does not exist: no database to reset`);
  const lock = await listenControlSocket(dataDir, () => ({ ok: false, reason: "its database is being reset (csc22b7 store reset)" }), quiet).catch((error) => {
    if (error instanceof StationAlreadyRunning) throw new Error(`store reset: the station is running on ${dataDir}: stop it first; a running station's database is never reset`);
    throw error;
  });
  try {
    const health = withStored(loaded, false, (stored) => stored.health());
    if (health.integrity === "missing" && health.problems.length === 0) return say(`${health.file} does not exist: no database to reset`);
    if (health.problems.length === 0 && !isForced) {
      throw new Error(`store reset: ${health.file} is healthy: nothing to recover. To start with a new database all the same (this one kept aside): csc22b7 store reset --force --config ${loaded.file}`);
    }
    const now = new Date();
    const { keptAside } = resetStore(dataDir, now);
    for (const problem of health.problems) console.log(`was: database ${health.file}: ${problem}`);
    for (const path of keptAside) console.log(`kept aside: ${path}`);
    console.log(`the next start creates a new database ${health.file}`);
    noteInStationLog(dataDir, now, { file: health.file, keptAside: keptAside.join(","), problems: health.problems.join("; ") || "none (--force)" });
    return 0;
  } finally {
    await closeControlSocket(lock, dataDir);
  }
}

/** For `diag log`: the station's log says why its next start began with a new database. */
function noteInStationLog(dataDir: string, now: Date, fields: Record<string, string>): void {
  const opened = LogFile.open(dataDir);
  if (!opened.ok) return;
  opened.file.write(formatLine(now, "warn", "store", "database reset on purpose (csc22b7 store reset): a new one is created at the next start", fields));
  opened.file.close();
}

function say(text: string): number {
  console.log(text);
  return 0;
}
