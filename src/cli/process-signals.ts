import type { Logger } from "../log/logger.ts";

/** What each signal does to the station (README "The running process"). */
export type SignalPolicy = {
  /** SIGTERM, SIGINT, SIGQUIT: stop cleanly (transactions end with Reboot, contactors open, exit 0). */
  stop: readonly NodeJS.Signals[];
  /** SIGHUP: the log file is opened again (logrotate); a closed SSH session does not stop the station. */
  reopenLog: readonly NodeJS.Signals[];
  /** SIGUSR1, SIGUSR2: no use; logged and ignored instead of ending the process. */
  ignore: readonly NodeJS.Signals[];
};

export const signalPolicy: SignalPolicy = {
  stop: ["SIGTERM", "SIGINT", "SIGQUIT"],
  reopenLog: ["SIGHUP"],
  ignore: ["SIGUSR1", "SIGUSR2"],
};

/**
 * Installs the policy. Resolves on the first stop signal; later ones (a terminal's Ctrl-C reaches
 * every process of the group, a service manager may repeat itself) must not kill the process
 * halfway through stopping.
 */
export function handleSignals(log: Logger, reopenLog: () => void, policy: SignalPolicy = signalPolicy): Promise<NodeJS.Signals> {
  for (const signal of policy.reopenLog) {
    process.on(signal, () => {
      try {
        reopenLog();
        log.info("log file reopened", { signal });
      } catch (error) {
        log.error("log file could not be reopened", { signal, error });
      }
    });
  }
  for (const signal of policy.ignore) process.on(signal, () => log.info("signal ignored: it has no use in this firmware", { signal }));
  return new Promise((resolve) => {
    let isStopping = false;
    const onStop = (signal: NodeJS.Signals) => {
      if (isStopping) return log.info("already stopping", { signal });
      isStopping = true;
      resolve(signal);
    };
    for (const signal of policy.stop) process.on(signal, onStop);
  });
}
