/** A command line that cannot be carried out (exit code 2). */
export class UsageError extends Error {
  override name = "UsageError";
}

export const defaultConfigPath = "/etc/csc22b7/station.json";

export const usage = `csc22b7 — CSC-22B7 charging station firmware (OCPP 1.6-J)

Usage:
  csc22b7 [run] [--config FILE]      run the station until SIGTERM/SIGINT
  csc22b7 config init [FILE]         write a default configuration (virtual board) to FILE
                                     (default ./station.json; --force overwrites)
  csc22b7 config check [--config FILE]
                                     validate a configuration file and print it normalized
  csc22b7 sim ACTION [ARGS] [--config FILE]
                                     act on the running station's virtual world:
                                     plug|unplug|ev-suspend|ev-resume|clear-fault <connectorId>,
                                     fault <connectorId> [errorCode], swipe <idTag>
  csc22b7 diag [SUB] [--json] [--config FILE]
                                     field diagnostics, from the running station or its
                                     database; SUB is one of:
                                       summary (default)  everything on one screen
                                       config             OCPP keys, changed ones marked
                                       log [-f] [-n N]    recent log lines, follow
                                       queue              messages waiting for the Central System
                                       rfid [--timeout S] wait for a card and show its id
                                       hw [CONNECTOR]     hardware self-test (not during a transaction)
                                       ping               DNS, TCP, TLS, WebSocket upgrade to the CS
                                     exit 0 healthy, 1 problem found, 2 usage
  csc22b7 store reset [--force] [--config FILE]
                                     when the station refuses its database (damaged, lost
                                     data): keep it aside, renamed with the time (never
                                     deleted), and start with a new one; --force for a
                                     healthy database; never while the station runs
  csc22b7 --version                  print the firmware version
  csc22b7 --help                     print this help

Options:
  -c, --config FILE   station configuration (default ${defaultConfigPath})

Exit codes: 0 ok, 1 runtime error, 2 bad command line or configuration.`;
