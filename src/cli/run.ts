import { readFileSync } from "node:fs";
import type { StationConfig } from "../config/schema.ts";
import { loadConfig } from "../config/load.ts";
import { implementedProfiles, initialOcppValues } from "../config/ocpp-values.ts";
import { CardTap } from "../diag/card-tap.ts";
import { LiveDiag } from "../diag/live-diag.ts";
import { LogFile, stdoutAndFile } from "../log/log-file.ts";
import { createLogger, errorText, type Logger } from "../log/logger.ts";
import { centralSystemOf } from "../ocpp/central-system.ts";
import { OcppClient } from "../ocpp/client.ts";
import { messages } from "../messages/index.ts";
import { WsTransport } from "../ocpp/transport.ts";
import { Configuration } from "../station/configuration/configuration.ts";
import { securityProfileGuard } from "../station/configuration/security-profile-guard.ts";
import { coreHandlers } from "../ocpp/handlers/index.ts";
import { Station } from "../station/station.ts";
import { createHardware, parseSimAction, type Simulation } from "../../drivers/index.ts";
import { closeControlSocket, type ControlAnswer, type ControlRequest, listenControlSocket } from "../control/control-socket.ts";
import { AuthCacheRepo } from "../store/auth-cache-repo.ts";
import { AvailabilityRepo } from "../store/availability-repo.ts";
import { ConfigurationRepo } from "../store/configuration-repo.ts";
import { DiagnosticsRepo } from "../store/diagnostics-repo.ts";
import { EnergyRegisterRepo } from "../store/energy-register-repo.ts";
import { OutboxRepo } from "../store/outbox-repo.ts";
import { TransactionRepo } from "../store/transaction-repo.ts";
import { openStore } from "../store/db.ts";
import { ProcessRunRepo } from "../store/process-run-repo.ts";
import { buildCommit, firmwareVersion } from "../version.ts";
import { SystemClock } from "./system-clock.ts";

/** How long start-up waits for the pilots' first readings, so the first statuses know a plugged EV. */
const pilotReadingWaitMs = 2_000;

/** How long a reset waits for the last outgoing messages before it closes the link. */
const resetDrainMs = 5_000;

type ResetType = "Hard" | "Soft";
type StopReason = "Reboot" | "HardReset" | "SoftReset";
type StopStep = { name: string; stop(reason: StopReason): Promise<void> | void };

/**
 * The station process: configuration, store, hardware and the Central System link, stopped in
 * reverse order on SIGTERM/SIGINT. Resolves with the exit code once everything is shut down.
 */
export async function runStation(configPath: string): Promise<number> {
  const { config, file, ocppOverrides, ignoredFields } = loadConfig(configPath);
  // The bounded log in dataDir is what `csc22b7 diag log` shows; without it the station still runs.
  const logFile = LogFile.open(config.dataDir);
  const log = createLogger("station", { level: config.log.level, ...(logFile.ok ? { sink: stdoutAndFile(logFile.file) } : {}) });
  if (!logFile.ok) log.warn("no log file for diag", { reason: logFile.reason });
  const stopSignal = waitForStopSignal(log);
  exitSafelyOnFatalError(log);
  log.info("starting", { version: firmwareVersion, build: buildCommit, config: file, chargePointId: config.chargePointId });
  if (ignoredFields.length > 0) log.warn("configuration fields not used by this firmware", { fields: ignoredFields.join(",") });

  // A Reset restarts the firmware inside this process: same PID, everything built again, a new boot.
  for (;;) {
    const stopSteps: StopStep[] = [];
    let resetRequested: Promise<ResetType>;
    try {
      ({ resetRequested } = await start(config, ocppOverrides, log, stopSteps));
    } catch (error) {
      log.error("start-up failed", { error: errorText(error) });
      await stopAll(stopSteps, log, "Reboot");
      return 1;
    }
    const outcome = await Promise.race([stopSignal.then((signal) => ({ signal })), resetRequested.then((reset) => ({ reset }))]);
    if ("signal" in outcome) {
      log.info("stopping", { signal: outcome.signal });
      return (await stopAll(stopSteps, log, "Reboot")) ? 0 : 1;
    }
    log.info("resetting", { type: outcome.reset });
    if (!(await stopAll(stopSteps, log, outcome.reset === "Hard" ? "HardReset" : "SoftReset"))) return 1;
  }
}

/** Builds and starts everything; `resetRequested` settles when the Central System asks for a Reset. */
async function start(
  config: StationConfig,
  ocppOverrides: Record<string, string>,
  log: Logger,
  stopSteps: StopStep[],
): Promise<{ resetRequested: Promise<ResetType> }> {
  const clock = new SystemClock();
  let simulation: Simulation | null = null;
  let diag: LiveDiag | undefined;
  // The control socket first: it is also the lock that keeps a second station off this database.
  const control = await listenControlSocket(
    config.dataDir,
    (request, signal) =>
      request.command === "sim" ? serveControl(request, simulation) : (diag?.serve(request.request, signal) ?? { ok: false, reason: "the station is starting; try again in a moment" }),
    log.child("control"),
  );
  stopSteps.push({ name: "control socket", stop: () => closeControlSocket(control, config.dataDir) });
  const store = openStore(config.dataDir);
  stopSteps.push({ name: "store", stop: () => store.close() });
  log.child("store").info("database open", { file: store.file });

  const runs = new ProcessRunRepo(store.db);
  const startedAt = clock.now();
  const run = runs.start(firmwareVersion, startedAt);
  stopSteps.push({ name: "run record", stop: (reason) => runs.stop(run.id, reason, clock.now()) });
  if (run.previous && run.previous.stoppedAt === null) {
    log.warn("previous run ended without a clean shutdown (power loss or crash)", { since: run.previous.startedAt.toISOString() });
  }

  const configuration: Configuration = new Configuration({
    implementedProfiles,
    overrides: initialOcppValues(config, ocppOverrides),
    store: new ConfigurationRepo(store.db, () => clock.now()),
    onDiscarded: (key, value, reason) => log.warn("stored configuration value ignored", { key, value, reason }),
    guards: {
      SecurityProfile: securityProfileGuard({
        authorizationKey: (): boolean => configuration.get("AuthorizationKey") !== undefined,
        caCertificate: () => config.centralSystem.caFile !== undefined,
        clientCertificate: () => config.centralSystem.certFile !== undefined && config.centralSystem.keyFile !== undefined,
      }),
    },
  });

  const transport = new WsTransport({
    url: config.centralSystem.url,
    chargePointId: config.chargePointId,
    security: securitySettings(config, configuration),
    clock,
    log: log.child("link"),
    pingIntervalSec: configuration.integer("WebSocketPingInterval"),
    backoff: { minMs: config.centralSystem.reconnect.minSec * 1000, maxMs: config.centralSystem.reconnect.maxSec * 1000 },
  });
  configuration.onChange((key) => {
    if (key === "WebSocketPingInterval") transport.setPingInterval(configuration.integer("WebSocketPingInterval"));
    // §17.2 A01, §17.1 A05: a new password or a raised profile takes a new connection (the queue stays).
    if (key === "AuthorizationKey" || key === "SecurityProfile") {
      transport.setSecurity(securitySettings(config, configuration));
      transport.reconnect(`${key} changed`);
    }
  });
  let station: Station | undefined;
  const client = new OcppClient({
    link: transport,
    catalog: messages,
    clock,
    log: log.child("ocpp"),
    callTimeoutMs: config.centralSystem.responseTimeoutSec * 1000,
    isAnswering: () => station?.registration.status !== "Rejected",
  });
  stopSteps.push({
    name: "Central System link",
    stop: async (reason) => {
      // C§5.14: a reset stops its transactions gracefully; their StopTransaction and Finishing leave before the link closes.
      if (reason !== "Reboot") await client.drained(resetDrainMs);
      await client.close();
    },
  });

  const hardware = await createHardware(config.hardware, {
    clock,
    log: log.child("hardware"),
    dataDir: config.dataDir,
    persistence: new EnergyRegisterRepo(store.db, () => clock.now()),
  });
  stopSteps.push({ name: "hardware", stop: () => hardware.close() });
  simulation = hardware.simulation;
  makeHardwareSafe = () => hardware.makeSafe();
  await hardware.firstPilotReadings(pilotReadingWaitMs);

  const stores = {
    transactions: new TransactionRepo(store.db),
    outbox: new OutboxRepo(store.db, () => clock.now()),
    authCache: new AuthCacheRepo(store.db, () => clock.now()),
    availability: new AvailabilityRepo(store.db),
  };
  const cards = new CardTap(clock);
  station = new Station({ clock, csms: centralSystemOf(client), configuration, log, hardware: cards.guard(hardware), stores }, { firmwareVersion, ...config.identity });
  const running = station;
  diag = new LiveDiag({
    config, run: { startedAt, previous: run.previous }, clock, link: transport, station, hardware, configuration, cards,
    repo: new DiagnosticsRepo(store.db), db: store.db, ocppValues: initialOcppValues(config, ocppOverrides), log: log.child("diag"),
  });
  stopSteps.push({ name: "station", stop: (reason) => running.stop(reason) });
  const resetRequested = new Promise<ResetType>((resolve) =>
    running.onResetRequested((type) => {
      // C§5.14: the Reset.conf leaves before anything stops.
      void client.settled().then(() => resolve(type));
    }),
  );
  client.handle(coreHandlers, running);
  running.start();
  transport.start();
  return { resetRequested };
}

async function serveControl(request: Extract<ControlRequest, { command: "sim" }>, simulation: Simulation | null): Promise<ControlAnswer> {
  if (!simulation) return { ok: false, reason: "the board is not virtual: sim actions need \"hardware\": { \"board\": \"virtual\" }" };
  const parsed = parseSimAction(request.args);
  if (!parsed.ok) return parsed;
  const result = await simulation.apply(parsed.action);
  return result.ok ? { ok: true, message: result.message } : result;
}

function securitySettings(config: StationConfig, configuration: Configuration) {
  const readPem = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path, "utf8"));
  return {
    profile: configuration.integer("SecurityProfile") as 0 | 1 | 2 | 3,
    authorizationKeyHex: configuration.get("AuthorizationKey"),
    caPem: readPem(config.centralSystem.caFile),
    clientCertPem: readPem(config.centralSystem.certFile),
    clientKeyPem: readPem(config.centralSystem.keyFile),
  };
}

/** Set once the hardware exists: opens every contactor, whatever else is broken. */
let makeHardwareSafe: (() => void) | undefined;

/**
 * A bug that escapes every handler leaves the process in an unknown state: contactors open, the
 * error is logged with its stack, and the process exits 1 for the service manager to restart it.
 * The store needs nothing: every write was already committed.
 */
function exitSafelyOnFatalError(log: Logger): void {
  const fatal = (error: unknown) => {
    try {
      makeHardwareSafe?.();
    } finally {
      log.error("fatal error, contactors opened, exiting", { error: errorText(error), stack: error instanceof Error ? error.stack : undefined });
      process.exit(1);
    }
  };
  process.on("uncaughtException", fatal);
  process.on("unhandledRejection", fatal);
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
async function stopAll(steps: StopStep[], log: Logger, reason: StopReason): Promise<boolean> {
  let isClean = true;
  for (const step of steps.reverse()) {
    try {
      await step.stop(reason);
    } catch (error) {
      isClean = false;
      log.error(`stopping ${step.name} failed`, { error: errorText(error) });
    }
  }
  if (isClean) log.info("stopped");
  return isClean;
}
