import { readFileSync } from "node:fs";
import type { StationConfig } from "../config/schema.ts";
import { loadStationConfig } from "../config/load.ts";
import { initialOcppValues } from "../config/ocpp-values.ts";
import { CardTap } from "../diag/card-tap.ts";
import { LiveDiag } from "../diag/live-diag.ts";
import { LogFile, stdoutAndFile } from "../log/log-file.ts";
import { createLogger, errorText, type Logger } from "../log/logger.ts";
import { centralSystemOf } from "../ocpp/central-system.ts";
import { OcppClient } from "../ocpp/client.ts";
import { messages } from "../messages/index.ts";
import type { SecurityProfile, SecuritySettings } from "../ocpp/connection-target.ts";
import { peerCertificates } from "../ocpp/tls-peer.ts";
import { WsTransport } from "../ocpp/transport.ts";
import { buildStation, type BuiltStation } from "../profiles/build-station.ts";
import { profiles } from "../profiles/index.ts";
import { type ConnectionAttempt, type ConnectionControl, keyTableOf, type TlsCredentials } from "../profiles/profile.ts";
import { Configuration } from "../station/configuration/configuration.ts";
import type { StationOutcome } from "../station/lifecycle.ts";
import { createHardware, parseSimAction, type Simulation } from "../../drivers/index.ts";
import { closeControlSocket, type ControlAnswer, type ControlRequest, listenControlSocket } from "../control/control-socket.ts";
import { AuthCacheRepo } from "../store/auth-cache-repo.ts";
import { AvailabilityRepo } from "../store/availability-repo.ts";
import { ConfigurationRepo } from "../store/configuration-repo.ts";
import { DiagnosticsRepo } from "../store/diagnostics-repo.ts";
import { EnergyRegisterRepo } from "../store/energy-register-repo.ts";
import { OutboxRepo } from "../store/outbox-repo.ts";
import { TransactionRepo } from "../store/transaction-repo.ts";
import type { StoreDb } from "../store/db.ts";
import { ProcessRunRepo } from "../store/process-run-repo.ts";
import { isStorageFullError, StorageSpace } from "../store/storage-space.ts";
import { openStationStore } from "../store/station-store.ts";
import { buildCommit, firmwareVersion } from "../version.ts";
import { handleSignals } from "./process-signals.ts";
import { secureDataDir } from "./secure-data-dir.ts";
import { stationArguments, stationHost } from "./station-host.ts";
import { SystemClock } from "./system-clock.ts";

/** How long a reset waits for the last outgoing messages before it closes the link. */
const resetDrainMs = 5_000;

type StopReason = "Reboot" | "HardReset" | "SoftReset";
type StopStep = { name: string; stop(reason: StopReason): Promise<void> | void };

/**
 * The station process: configuration, store, hardware and the Central System link, stopped in
 * reverse order on SIGTERM, SIGINT or SIGQUIT (process-signals.ts). Resolves with the exit code once everything is shut down.
 */
export async function runStation(configPath: string): Promise<number> {
  const { config, file, ocppOverrides, ignoredFields } = loadStationConfig(configPath);
  const notTightened = secureDataDir(config.dataDir);
  // The bounded log in dataDir is what `csc22b7 diag log` shows; without it the station still runs.
  const logFile = LogFile.open(config.dataDir);
  const log = createLogger("station", { level: config.log.level, ...(logFile.ok ? { sink: stdoutAndFile(logFile.file) } : {}) });
  if (!logFile.ok) log.warn("no log file for diag", { reason: logFile.reason });
  const stopSignal = handleSignals(log, () => (logFile.ok ? logFile.file.reopen() : undefined));
  exitSafelyOnFatalError(log);
  log.info("starting", { version: firmwareVersion, build: buildCommit, config: file, chargePointId: config.chargePointId });
  if (ignoredFields.length > 0) log.warn("configuration fields not used by this firmware", { fields: ignoredFields.join(",") });
  if (notTightened.length > 0) log.warn("others can read these files in dataDir; make them the station user's", { files: notTightened.join(",") });

  // A Reset restarts the firmware inside this process: same PID, everything built again, a new boot.
  for (;;) {
    const stopSteps: StopStep[] = [];
    let requested: Promise<StationOutcome>;
    try {
      ({ requested } = await start(config, ocppOverrides, log, logFile.ok ? logFile.file : undefined, stopSteps));
    } catch (error) {
      log.error("start-up failed", { error: errorText(error) });
      await stopAll(stopSteps, log, "Reboot");
      return 1;
    }
    const outcome = await Promise.race([stopSignal.then((signal) => ({ signal })), requested.then((station) => ({ station }))]);
    if ("signal" in outcome) {
      log.info("stopping", { signal: outcome.signal });
      return (await stopAll(stopSteps, log, "Reboot")) ? 0 : 1;
    }
    const { station } = outcome;
    if (station.kind === "restart") {
      const executable = station.executable ?? process.execPath;
      log.info("restarting into an executable", { why: station.why, executable });
      if (!(await stopAll(stopSteps, log, "Reboot"))) return 1;
      return restartProcess(log, executable);
    }
    log.info("resetting", { type: station.type });
    if (!(await stopAll(stopSteps, log, station.type === "Hard" ? "HardReset" : "SoftReset"))) return 1;
  }
}

/** Builds and starts everything; `requested` settles when the station asks for a reset or a restart. */
async function start(
  config: StationConfig,
  ocppOverrides: Record<string, string>,
  log: Logger,
  logFile: LogFile | undefined,
  stopSteps: StopStep[],
): Promise<{ requested: Promise<StationOutcome> }> {
  const clock = new SystemClock();
  let simulation: Simulation | null = null;
  let diag: LiveDiag | undefined;
  // The control socket first: it is also the lock that keeps a second station off this database.
  const control = await listenControlSocket(
    config.dataDir,
    (request, signal) =>
      request.command === "sim" ? serveControl(request, config.hardware.board === "virtual", simulation) : (diag?.serve(request.request, signal) ?? { ok: false, reason: "the station is starting; try again in a moment" }),
    log.child("control"),
  );
  stopSteps.push({ name: "control socket", stop: () => closeControlSocket(control, config.dataDir) });
  // Before the database: on a full disk the reserve is given up first, so the store can still open.
  const storage = new StorageSpace({ dataDir: config.dataDir, clock, log: log.child("store") });
  storage.onChanged((isFull) => logFile?.setPaused(isFull));
  storage.start();
  stopSteps.push({ name: "storage space", stop: () => storage.stop() });
  const store = await openStationStore(config.dataDir, log.child("store"), storage);
  stopSteps.push({ name: "store", stop: () => store.close() });
  storage.whileFull(() => store.sqlite.run("PRAGMA wal_checkpoint(RESTART)"));
  log.child("store").info("database open", { file: store.file });
  const run = recordRun(store.db, clock, log, stopSteps);

  const keys = keyTableOf(profiles);
  const configuration = new Configuration({
    keys,
    overrides: initialOcppValues(config, ocppOverrides),
    store: new ConfigurationRepo(store.db, () => clock.now()),
    onDiscarded: (key, value, reason) => log.warn("stored configuration value ignored", { key, value, reason }),
    onSaveFailed: (key, error) => log.error("configuration change not stored; refused", { key, error: errorText(error) }),
  });
  const tlsFiles = readTlsFiles(config);
  let credentials: (() => TlsCredentials) | undefined;
  const security = () => securitySettings(configuration, credentials?.() ?? fromFiles(tlsFiles));
  const transport = new WsTransport({
    url: config.centralSystem.url,
    chargePointId: config.chargePointId,
    // Before the profiles are built only the address counts; each attempt asks `security` (certificates installed over OCPP).
    security: { profile: configuration.integer("SecurityProfile") as SecurityProfile },
    currentSecurity: security,
    clock,
    log: log.child("link"),
    pingIntervalSec: configuration.integer("WebSocketPingInterval"),
    backoff: { minMs: config.centralSystem.reconnect.minSec * 1000, maxMs: config.centralSystem.reconnect.maxSec * 1000 },
  });
  let built: BuiltStation | undefined;
  const client = new OcppClient({
    link: transport,
    catalog: messages,
    clock,
    log: log.child("ocpp"),
    callTimeoutMs: config.centralSystem.responseTimeoutSec * 1000,
    isAnswering: () => built?.core.registration.status !== "Rejected",
    // A 10,000-entry SendLocalList leaves about 8 MB of garbage: collected at once, the heap does not grow by it.
    largeFrameHandled: () => setTimeout(() => Bun.gc(true), 0),
    invalidMessage: (description) => built?.hooks.securityEvent("InvalidMessages", description),
  });
  stopSteps.push({
    name: "Central System link",
    stop: async (reason) => {
      // C§5.14: a reset stops its transactions gracefully; their StopTransaction and Finishing leave before the link closes.
      if (reason !== "Reboot") await client.drained(resetDrainMs);
      await client.close();
    },
  });

  // The board connects while the link to the Central System starts: only the boot statuses wait for its first readings.
  const hardware = createHardware(config.hardware, {
    clock,
    log: log.child("hardware"),
    dataDir: config.dataDir,
    persistence: new EnergyRegisterRepo(store.db, () => clock.now()),
    // A virtual PN532 poll then wakes the station once or twice instead of once per I2C reply (issue 18).
    virtualI2cReplies: "same turn",
  });
  stopSteps.push({ name: "hardware", stop: () => hardware.close() });
  simulation = hardware.simulation;
  makeHardwareSafe = () => hardware.makeSafe();

  const cards = new CardTap(clock);
  const station = buildStation(
    {
      clock, csms: centralSystemOf(client), configuration, log, hardware: cards.guard(hardware), storage, database: store.db,
      host: stationHost(config, store.db, () => diag), chargePointId: config.chargePointId,
      stores: {
        transactions: new TransactionRepo(store.db, storage),
        outbox: new OutboxRepo(store.db, () => clock.now()),
        authCache: new AuthCacheRepo(store.db, () => clock.now()),
        availability: new AvailabilityRepo(store.db),
      },
      connection: {
        reconnect: (why) => transport.reconnect(why),
        setPingInterval: (intervalSec) => transport.setPingInterval(intervalSec),
        files: tlsFiles,
        useCredentials: (source) => {
          credentials = source;
        },
        onAttempt: (listener) => attemptsOf(transport, () => transport.securityProfile, listener),
        peerCertificates: () => peerCertificates(transport.target),
      },
    },
    { firmwareVersion, ...config.identity },
    profiles,
  );
  built = station;
  diag = new LiveDiag({
    config, run, clock, link: transport, station: station.core, profiles: () => station.diagnostics(), hardware, configuration, cards,
    repo: new DiagnosticsRepo(store.db), db: store.db, ocppValues: initialOcppValues(config, ocppOverrides), log: log.child("diag"),
  });
  stopSteps.push({ name: "station", stop: (reason) => station.stop(reason) });
  const requested = new Promise<StationOutcome>((resolve) => station.lifecycle.onRequested(resolve));
  for (const { handlers, service } of station.handlers) client.handle(handlers, service);
  station.start();
  transport.start();
  return { requested };
}

/** This start's record; the previous one tells whether the last run ended cleanly. */
function recordRun(db: StoreDb, clock: SystemClock, log: Logger, stopSteps: StopStep[]) {
  const runs = new ProcessRunRepo(db);
  const startedAt = clock.now();
  let run: ReturnType<ProcessRunRepo["start"]>;
  try {
    run = runs.start(firmwareVersion, startedAt);
  } catch (error) {
    // A full storage must not keep the station from starting (a crash loop under Restart=always).
    if (!isStorageFullError(error)) throw error;
    log.error("this run is not recorded: the storage is full", { error: errorText(error) });
    return { startedAt, previous: undefined };
  }
  stopSteps.push({ name: "run record", stop: (reason) => runs.stop(run.id, reason, clock.now()) });
  if (run.previous && run.previous.stoppedAt === null) {
    log.warn("previous run ended without a clean shutdown (power loss or crash)", { since: run.previous.startedAt.toISOString() });
  }
  return { startedAt, previous: run.previous };
}

/**
 * Replaces this process with `executable` (same PID, so a service manager sees no exit), with the
 * same arguments. Where the runtime cannot, exits 0 and leaves the restart to the service manager
 * (Restart=always).
 */
function restartProcess(log: Logger, executable: string): number {
  const args = stationArguments();
  try {
    process.execve?.(executable, [executable, ...args], process.env as Record<string, string>);
  } catch (error) {
    log.error("restart failed; exiting for the service manager to start the executable again", { executable, error: errorText(error) });
  }
  return 0;
}

async function serveControl(request: Extract<ControlRequest, { command: "sim" }>, isVirtual: boolean, simulation: Simulation | null): Promise<ControlAnswer> {
  if (!isVirtual) return { ok: false, reason: "the board is not virtual: sim actions need \"hardware\": { \"board\": \"virtual\" }" };
  if (!simulation) return { ok: false, reason: "the station is starting; try again in a moment" };
  const parsed = parseSimAction(request.args);
  if (!parsed.ok) return parsed;
  const result = await simulation.apply(parsed.action);
  return result.ok ? { ok: true, message: result.message } : result;
}

/** station.json's caFile, certFile and keyFile as PEM text, read once per start. */
function readTlsFiles(config: StationConfig): ConnectionControl["files"] {
  const readPem = (path: string | undefined) => (path === undefined ? undefined : readFileSync(path, "utf8"));
  return { caPem: readPem(config.centralSystem.caFile), clientCertPem: readPem(config.centralSystem.certFile), clientKeyPem: readPem(config.centralSystem.keyFile) };
}

function fromFiles(files: ConnectionControl["files"]): TlsCredentials {
  return { caPems: files.caPem === undefined ? [] : [files.caPem], clientCertPem: files.clientCertPem, clientKeyPem: files.clientKeyPem };
}

function securitySettings(configuration: Configuration, credentials: TlsCredentials): SecuritySettings {
  return {
    profile: configuration.integer("SecurityProfile") as SecurityProfile,
    authorizationKeyHex: configuration.get("AuthorizationKey"),
    ...(credentials.caPems.length === 0 ? {} : { caPem: credentials.caPems.join("\n") }),
    ...(credentials.clientCertPem === undefined ? {} : { clientCertPem: credentials.clientCertPem }),
    ...(credentials.clientKeyPem === undefined ? {} : { clientKeyPem: credentials.clientKeyPem }),
  };
}

/** Tells `listener` how each connection attempt ended: connected, or failed before it was (a connection closed later is no failed attempt). */
function attemptsOf(transport: WsTransport, securityProfile: () => number, listener: (attempt: ConnectionAttempt) => void): () => void {
  const offConnected = transport.on("connected", () => listener({ kind: "connected", securityProfile: securityProfile() }));
  const offDisconnected = transport.on("disconnected", ({ reason, wasConnected }) => {
    if (wasConnected || reason.kind === "closedLocally") return;
    listener({ kind: "failed", securityProfile: securityProfile(), failure: { kind: reason.kind, message: reason.message, statusCode: reason.statusCode } });
  });
  return () => {
    offConnected();
    offDisconnected();
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
