import type { CallOutcome, Log, StorageHealth } from "../../src/station/ports.ts";
import { Configuration } from "../../src/station/configuration/configuration.ts";
import { buildStation } from "../../src/profiles/build-station.ts";
import { profiles as registeredProfiles } from "../../src/profiles/index.ts";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnyProfile, type ConnectionAttempt, type ConnectionControl, keyTableOf, type StationHost, type TlsCredentials } from "../../src/profiles/profile.ts";
import { FakeCentralSystem } from "./fake-central-system.ts";
import { memoryDatabase } from "./memory-database.ts";
import type { StoreDb } from "../../src/store/db.ts";
import { FakeClock, flushPromises } from "./fake-clock.ts";
import { FakeStationHardware } from "./fake-hardware.ts";
import { MemoryAuthCacheStore } from "./memory-auth-cache-store.ts";
import { MemoryAvailabilityStore } from "./memory-availability-store.ts";
import { MemoryConfigurationStore } from "./memory-configuration-store.ts";
import { MemoryTransactionStore } from "./memory-transaction-store.ts";

export const silentLog = { debug() {}, info() {}, warn() {}, error() {} };

type Answer = (payload: any) => CallOutcome<unknown> | undefined;

/** A connection that only records what the profiles asked of it. */
export class RecordingConnection implements ConnectionControl {
  readonly reconnects: string[] = [];
  pingIntervalSec: number | undefined;
  files: ConnectionControl["files"] = {};
  credentials: (() => TlsCredentials) | undefined;
  /** What peerCertificates() answers: the Central System's chain as a TLS probe would read it. */
  peerChain: string[] | undefined;
  private readonly attemptListeners = new Set<(attempt: ConnectionAttempt) => void>();
  reconnect(why: string): void {
    this.reconnects.push(why);
  }
  setPingInterval(intervalSec: number): void {
    this.pingIntervalSec = intervalSec;
  }
  useCredentials(source: () => TlsCredentials): void {
    this.credentials = source;
  }
  onAttempt(listener: (attempt: ConnectionAttempt) => void): () => void {
    this.attemptListeners.add(listener);
    return () => this.attemptListeners.delete(listener);
  }
  /** Tells the profiles how a connection attempt ended, as the transport would. */
  attempt(attempt: ConnectionAttempt): void {
    for (const listener of this.attemptListeners) listener(attempt);
  }
  async peerCertificates(): Promise<string[] | undefined> {
    return this.peerChain;
  }
}

/**
 * A host run from source (no executable to replace), its dataDir a path in the temporary folder that
 * exists only once a profile writes there (a firmware download, a diagnostics file).
 */
export function testHost(overrides: Partial<StationHost> = {}): StationHost {
  return {
    dataDir: join(tmpdir(), `csc22b7-rig-${process.pid}-${++hosts}`),
    executable: undefined,
    transferCaPems: [],
    logFiles: [],
    reports: async () => [{ name: "diag.json", content: { running: true } }],
    ...overrides,
  };
}
let hosts = 0;

/** Storage whose fullness the test sets. */
export class FakeStorage implements StorageHealth {
  isFull = false;
  private readonly listeners = new Set<(isFull: boolean) => void>();
  set(isFull: boolean): void {
    this.isFull = isFull;
    for (const listener of this.listeners) listener(isFull);
  }
  onChanged(listener: (isFull: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

type RigOptions = {
  ocpp?: Record<string, string>;
  answers?: Record<string, Answer>;
  store?: MemoryTransactionStore;
  availability?: MemoryAvailabilityStore;
  /** The registered profiles by default; a test adds its own. */
  profiles?: readonly AnyProfile[];
  /** A fresh in-memory database by default; share one to restart the station on it. */
  database?: StoreDb;
  /** Silent by default; a test that checks a log line passes a recording one. */
  log?: Log;
  /** The clock of an earlier rig, moved on: time passes across a restart. */
  clock?: FakeClock;
  /** testHost() by default. */
  host?: StationHost;
  /** A connection with station.json's TLS files, or one a test keeps across a restart. */
  connection?: RecordingConnection;
};

/**
 * The whole station logic on fakes, built from the profiles as the firmware builds it: a Central
 * System in memory that answers like the development one unless `answers` says otherwise, two fake
 * connectors and a fake clock.
 */
export function stationRig(options: RigOptions = {}) {
  const clock = options.clock ?? new FakeClock("2026-01-01T10:00:00Z");
  const csms = new FakeCentralSystem(clock);
  const fallback = csms.respond;
  const answers: Record<string, Answer> = { ...options.answers };
  csms.respond = (action, payload) => answers[action]?.(payload) ?? fallback(action, payload);
  const hardware = new FakeStationHardware();
  const store = options.store ?? new MemoryTransactionStore(() => clock.now());
  const profiles = options.profiles ?? registeredProfiles;
  const configuration = new Configuration({
    keys: keyTableOf(profiles),
    overrides: { MinimumStatusDuration: "0", MeterValueSampleInterval: "0", ...options.ocpp },
    store: new MemoryConfigurationStore(),
  });
  const connection = options.connection ?? new RecordingConnection();
  const storage = new FakeStorage();
  const database = options.database ?? memoryDatabase();
  const built = buildStation(
    {
      clock, csms, configuration, log: options.log ?? silentLog, hardware, connection, storage, database, host: options.host ?? testHost(),
      stores: { transactions: store, outbox: store, authCache: new MemoryAuthCacheStore(() => clock.now()), availability: options.availability ?? new MemoryAvailabilityStore() },
    },
    { firmwareVersion: "test" },
    profiles,
  );
  const station = built.core;
  const settle = async (ms = 0) => {
    await clock.advanceAsync(ms);
    await flushPromises(50);
  };
  /** Boots: connected and Accepted, the boot messages forgotten. */
  const boot = async () => {
    built.start();
    csms.connect();
    await settle();
    csms.calls.length = 0;
  };
  /** An EV on the connector asking for energy, and a card: a transaction runs. */
  const charge = async (connectorId: 1 | 2, idTag = "CARD") => {
    hardware.connector(connectorId).setPilot("C");
    hardware.swipe(idTag);
    await settle();
  };
  const payloadsOf = (action: string) => csms.calls.filter((call) => call.action === action).map((call) => call.payload as any);
  /** What the station sent apart from StatusNotification, which `statuses` checks. */
  const sent = () => csms.actions.filter((action) => action !== "StatusNotification");
  const statuses = (connectorId: number) => payloadsOf("StatusNotification").filter((p) => p.connectorId === connectorId).map((p) => p.status as string);
  /** What the Remote*Transaction handlers do: the decision, then (its answer having left) the work. */
  const remoteStart = (idTag: string, connectorId: number | undefined) => proceedWith(station.sessions.remoteStart(idTag, connectorId));
  const remoteStop = (transactionId: number) => proceedWith(station.sessions.remoteStop(transactionId));
  return { clock, csms, hardware, store, configuration, station, built, connection, storage, database, remoteStart, remoteStop, answers, settle, boot, charge, payloadsOf, sent, statuses, c1: hardware.connector(1), c2: hardware.connector(2) };
}

function proceedWith(decision: { status: "Rejected" } | { status: "Accepted"; proceed(): void }): "Accepted" | "Rejected" {
  if (decision.status === "Accepted") decision.proceed();
  return decision.status;
}
