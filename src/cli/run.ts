import { loadConfig } from "../config/load.ts";
import { createLogger, errorText, type Logger } from "../log/logger.ts";
import { openStore } from "../store/db.ts";
import { ProcessRunRepo } from "../store/process-run-repo.ts";
import { buildCommit, firmwareVersion } from "../version.ts";

type StopStep = { name: string; stop(): Promise<void> | void };

/**
 * The station process: configuration, store, hardware and the Central System link, stopped in
 * reverse order on SIGTERM/SIGINT. Resolves with the exit code once everything is shut down.
 */
export async function runStation(configPath: string): Promise<number> {
  const { config, file, ignoredFields } = loadConfig(configPath);
  const log = createLogger("station", { level: config.log.level });
  const stopSignal = waitForStopSignal(log);
  log.info("starting", { version: firmwareVersion, build: buildCommit, config: file, chargePointId: config.chargePointId });
  if (ignoredFields.length > 0) log.warn("configuration fields not used by this firmware", { fields: ignoredFields.join(",") });

  const stopSteps: StopStep[] = [];
  try {
    const store = openStore(config.dataDir);
    stopSteps.push({ name: "store", stop: () => store.close() });
    log.child("store").info("database open", { file: store.file });

    const runs = new ProcessRunRepo(store.db);
    const run = runs.start(firmwareVersion, new Date());
    stopSteps.push({ name: "run record", stop: () => runs.stop(run.id, "shutdown", new Date()) });
    if (run.previous && run.previous.stoppedAt === null) {
      log.warn("previous run ended without a clean shutdown (power loss or crash)", { since: run.previous.startedAt.toISOString() });
    }
  } catch (error) {
    log.error("start-up failed", { error: errorText(error) });
    await stopAll(stopSteps, log);
    return 1;
  }

  const signal = await stopSignal;
  log.info("stopping", { signal });
  return (await stopAll(stopSteps, log)) ? 0 : 1;
}

/**
 * Resolves on the first SIGTERM/SIGINT. Later ones (a terminal's Ctrl-C reaches every process of
 * the group, a service manager may repeat itself) must not kill the process halfway through stopping.
 */
function waitForStopSignal(log: Logger): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let isStopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (isStopping) return log.info("already stopping", { signal });
      isStopping = true;
      resolve(signal);
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  });
}

/** Stops in reverse start order; a failing step is logged and the rest still run. */
async function stopAll(steps: StopStep[], log: Logger): Promise<boolean> {
  let isClean = true;
  for (const step of steps.reverse()) {
    try {
      await step.stop();
    } catch (error) {
      isClean = false;
      log.error(`stopping ${step.name} failed`, { error: errorText(error) });
    }
  }
  if (isClean) log.info("stopped");
  return isClean;
}
