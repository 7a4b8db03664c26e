import { existsSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { childProcess } from "../../built-ins.ts";
import { type InstallJournal, readJournal, verdictFile, writeDurably } from "./install-journal.ts";

/** How long the station's process may be gone before the watchdog starts the installed executable itself (a lab or service manager restarts sooner). */
export const restartGraceMs = 5_000;
/** How long a station told to stop (SIGTERM) may take before it is killed. */
const stopGraceMs = 5_000;
const pollMs = 500;

export type WatchdogOptions = {
  journal: string;
  log(line: string): void;
  /** Under a service manager (systemd sets INVOCATION_ID) it restarts the station; otherwise the watchdog does. */
  isServiceManaged: boolean;
};

/**
 * Rollback without a person (src/profiles/firmware-management/README.md). Runs as `csc22b7 firmware watchdog <journal>` from the
 * previous, known good executable while a new image is on trial. It ends when the trial ends (the
 * journal leaves `trial`). When the new image's process is gone and no other took its place within
 * a few seconds (it crashed or exited), or it has not registered by the deadline (it hangs, or cannot
 * reach the Central System), the watchdog stops it and starts the installed executable again: the
 * previous one, still at its path, which reports InstallationFailed.
 */
export async function watchTrial(options: WatchdogOptions): Promise<number> {
  let goneSince: number | undefined;
  for (;;) {
    const journal = readJournal(options.journal);
    if (journal?.phase !== "trial") return 0;
    if (isAlive(journal.pid)) {
      goneSince = undefined;
      if (Date.now() >= Date.parse(journal.deadlineAt)) {
        const seconds = Math.round((Date.parse(journal.deadlineAt) - Date.parse(journal.startedAt)) / 1000);
        await endTrial(journal, options, `the new executable ${journal.to.version} did not register with the Central System within ${seconds} s`);
        return 0;
      }
    } else {
      goneSince ??= Date.now();
      if (Date.now() - goneSince >= restartGraceMs) {
        await endTrial(journal, options, `the new executable ${journal.to.version} stopped before it registered with the Central System`);
        return 0;
      }
    }
    await Bun.sleep(pollMs);
  }
}

async function endTrial(journal: InstallJournal, options: WatchdogOptions, verdict: string): Promise<void> {
  options.log(`firmware watchdog: ${verdict}; restoring ${journal.executable}`);
  writeDurably(verdictFile(dirname(dirname(options.journal))), verdict);
  await stop(journal.pid);
  if (options.isServiceManaged) return options.log("firmware watchdog: the service manager starts the station again");
  const child = childProcess().spawn(journal.executable, journal.args, { cwd: existsSync(journal.cwd) ? journal.cwd : "/", detached: true, stdio: "inherit" });
  child.unref();
  options.log(`firmware watchdog: started ${journal.executable} again (pid ${child.pid})`);
}

/** SIGTERM, then SIGKILL for a process that does not stop (a hung image). */
async function stop(pid: number): Promise<void> {
  if (!isAlive(pid)) return;
  signal(pid, "SIGTERM");
  const deadline = Date.now() + stopGraceMs;
  while (isAlive(pid) && Date.now() < deadline) await Bun.sleep(100);
  if (isAlive(pid)) signal(pid, "SIGKILL");
  while (isAlive(pid)) await Bun.sleep(50);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // gone meanwhile
  }
}

/** Running, not a zombie waiting for its parent. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}
