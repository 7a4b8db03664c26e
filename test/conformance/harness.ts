/**
 * The OCTT harness for the Core cases (../shared/ocpp16/TEST-CASES.md): the compiled binary on the
 * virtual board, driven only through LAB-INTERFACE.md (config file, `csc22b7 sim`, SIGKILL for a
 * power loss), against a TestCsms that plays the Central System and checks every frame.
 */
import { afterEach, beforeAll, expect } from "bun:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { binaryPath, buildBinary, diagJson, runToEnd } from "../support/binary.ts";
import { eventually } from "../support/eventually.ts";
import { startStationProcess, type StationProcess } from "../support/station-process.ts";
import { type ReceivedCall, TestCsms } from "../support/test-csms.ts";
import { TlsProxy, type TlsProxyOptions } from "../support/tls-proxy.ts";
import { tempDir, writeStationConfig } from "../support/temp-dir.ts";
import { call, type Expected, expectInOrder, status, statusOf } from "./expected-messages.ts";

export { call, type Expected, expectInOrder, matching, oneOf, status, statusOf } from "./expected-messages.ts";

/** TEST-CASES.md §2 test data. VALID and VALID2 share the parent PARENT (TC_069). */
export const VALID = "04A2B3C4";
export const VALID2 = "04A2B3C5";
export const INVALID = "04DEAD01";
export const PARENT = "GROUP-A";
/** `C` and `C'` of TEST-CASES.md §2. */
export const C = 1;
export const OTHER = 2;
/** TXDUR of TEST-CASES.md §2: how long a case watches to be sure that nothing starts. */
export const transactionDurationMs = 3_000;
/** TC_037/TC_039 "Config": every way of starting offline that the firmware implements. */
export const offlineStartConfig = { LocalAuthorizeOffline: true, AuthorizationCacheEnabled: true, AllowOfflineTxForUnknownId: true };
/** Per-case timeout: every wait below is bounded well inside it. */
export const caseTimeoutMs = 60_000;

type IdTagInfo = { status: "Accepted" | "Blocked" | "Expired" | "Invalid" | "ConcurrentTx"; parentIdTag?: string };
type Answer = { result: Record<string, unknown> } | { error: string; description: string };
type BootAnswer = { status: "Accepted" | "Pending" | "Rejected"; interval: number };
type ConfigValue = string | number | boolean;

export type StartOptions = {
  /** Factory values of configuration keys (station.json `ocpp`); MinimumStatusDuration is 0 unless given (§1). */
  ocpp?: Record<string, ConfigValue>;
  /** The interval of the Accepted BootNotification.conf, which becomes HeartbeatInterval. */
  heartbeatSec?: number;
  /** Answers to the first BootNotifications; later ones are Accepted with `heartbeatSec`. */
  bootAnswers?: BootAnswer[];
  /** Wait for BootNotification Accepted and the first StatusNotifications (the general precondition). Default true. */
  waitUntilIdle?: boolean;
  /** More of station.json's `centralSystem` (securityProfile, authorizationKey, …). */
  centralSystem?: Record<string, unknown>;
  /** Refuses a WebSocket upgrade (e.g. wrong Basic-auth password) with its response; undefined accepts. */
  acceptUpgrade?: (req: Request) => Response | undefined;
  /** The executable the station runs as (an installed copy a firmware update replaces); dist/csc22b7 by default. */
  executable?: string;
  /** More top-level fields of station.json (fileTransfer, …). */
  config?: Record<string, unknown>;
  /** Environment variables of the station process beside PATH (a test hook). */
  env?: Record<string, string>;
  /** wss://: the Central System behind a TLS front with these settings (profiles 2 and 3); station.json's url is its address. */
  tls?: TlsProxyOptions;
  /** Files written beside station.json before the start (caFile, certFile, keyFile), by name. */
  files?: Record<string, string>;
  /** station.json's `identity` (chargePointSerialNumber: the CN of the station's certificate). */
  identity?: Record<string, string>;
};

const stations: ConformanceStation[] = [];

/** Registers what every conformance file needs: the binary built once, every station and CSMS stopped after each case. */
export function conformanceHooks(): void {
  beforeAll(() => buildBinary(), 120_000);
  afterEach(async () => {
    for (const station of stations.splice(0)) await station.shutDown();
  });
}

/** The Central System's answers: the tag table decides every idTagInfo, transaction ids count from 1000. */
class CsmsScript {
  readonly tags = new Map<string, IdTagInfo>([
    [VALID, { status: "Accepted", parentIdTag: PARENT }],
    [VALID2, { status: "Accepted", parentIdTag: PARENT }],
    [INVALID, { status: "Invalid" }],
  ]);
  /** Per-action answers a case sets; undefined falls back to the script. */
  readonly overrides = new Map<string, (call: ReceivedCall) => Answer | undefined>();
  /** StartTransaction calls with the transactionId they were given. */
  readonly started: { call: ReceivedCall; transactionId: number }[] = [];
  /** The BootNotifications answered Accepted. */
  readonly acceptedBoots: ReceivedCall[] = [];
  private nextTransactionId = 1000;
  private boots = 0;

  constructor(private readonly bootAnswers: BootAnswer[], private readonly heartbeatSec: number) {}

  answer(call: ReceivedCall): Answer | undefined {
    const override = this.overrides.get(call.action)?.(call);
    if (override) return override;
    const currentTime = new Date().toISOString();
    switch (call.action) {
      case "BootNotification": {
        const boot = this.bootAnswers[this.boots++] ?? { status: "Accepted", interval: this.heartbeatSec };
        if (boot.status === "Accepted") this.acceptedBoots.push(call);
        return { result: { ...boot, currentTime } };
      }
      case "Authorize":
      case "StopTransaction":
        return { result: { idTagInfo: this.idTagInfo(call.payload.idTag) } };
      case "StartTransaction": {
        const transactionId = this.nextTransactionId++;
        this.started.push({ call, transactionId });
        return { result: { transactionId, idTagInfo: this.idTagInfo(call.payload.idTag) } };
      }
      default:
        return undefined; // the TestCsms defaults (Heartbeat, StatusNotification, MeterValues, …)
    }
  }

  private idTagInfo(idTag: string | undefined): IdTagInfo {
    if (idTag === undefined) return { status: "Accepted" };
    return this.tags.get(idTag.toUpperCase()) ?? { status: "Invalid" };
  }
}

export class ConformanceStation {
  readonly script: CsmsScript;
  private running: StationProcess;
  /** The output of the processes a power cycle killed. */
  private readonly earlierOutput: string[] = [];
  /** Stations the harness did not start itself (a firmware watchdog started one), stopped with it. */
  private readonly adopted = new Set<number>();
  readonly executable: string;
  private readonly env: Record<string, string>;

  private constructor(
    readonly csms: TestCsms,
    readonly cwd: string,
    readonly config: string,
    options: StartOptions,
    /** The TLS front of the Central System, for wss:// stations. */
    readonly tls: TlsProxy | undefined,
  ) {
    this.executable = options.executable ?? binaryPath;
    this.env = options.env ?? {};
    this.script = new CsmsScript(options.bootAnswers ?? [], options.heartbeatSec ?? 300);
    csms.answer = (call) => this.script.answer(call);
    this.running = this.launch();
  }

  /** A factory-fresh station (new dataDir) connected to a new Central System. */
  static async start(options: StartOptions = {}): Promise<ConformanceStation> {
    const csms = new TestCsms().start();
    if (options.acceptUpgrade) csms.acceptUpgrade = options.acceptUpgrade;
    const tls = options.tls ? await new TlsProxy(csms.port, options.tls).start() : undefined;
    const cwd = tempDir("csc22b7-tc-");
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(join(cwd, name), text, { mode: 0o600 });
    const config = writeStationConfig(cwd, {
      centralSystem: { url: tls?.url ?? csms.url, reconnect: { minSec: 0.2, maxSec: 1 }, responseTimeoutSec: 5, ...options.centralSystem },
      ocpp: { MinimumStatusDuration: 0, ...options.ocpp },
      ...(options.identity ? { identity: options.identity } : {}),
      log: { level: "debug" },
      ...options.config,
    });
    const station = new ConformanceStation(csms, cwd, config, options, tls);
    stations.push(station);
    if (options.waitUntilIdle ?? true) await station.untilIdle(0);
    return station;
  }

  get process(): StationProcess {
    return this.running;
  }

  /** Where the calls of the case start: pass it to the helpers below to look only at what came after. */
  mark(): number {
    return this.csms.calls.length;
  }

  callsSince(mark: number): ReceivedCall[] {
    return this.csms.calls.slice(mark);
  }

  /** `csc22b7 sim …`: fails the case unless the station accepted the action. */
  async sim(...args: string[]): Promise<void> {
    const done = await runToEnd([binaryPath, "sim", ...args, "--config", this.config], this.cwd);
    if (done.exitCode !== 0) throw new Error(`sim ${args.join(" ")} exited ${done.exitCode}: ${done.stderr}`);
  }

  /** A CALL from the Central System; resolves with the CALLRESULT payload, fails the case on a CALLERROR. */
  async request(action: string, payload: unknown): Promise<any> {
    const frame = await this.csms.call(action, payload);
    if (frame[0] !== 3) throw new Error(`${action} answered with ${JSON.stringify(frame)}`);
    return frame[2];
  }

  /** Resolves with the first call after `mark` that matches; fails the case after `timeoutMs`. */
  async waitFor(expected: Expected, since: number, timeoutMs = 15_000): Promise<ReceivedCall> {
    await this.csms.until(() => this.callsSince(since).some((call) => expected.matches(call)), timeoutMs, expected.what);
    return this.callsSince(since).find((call) => expected.matches(call))!;
  }

  /** Waits until the station has logged `count` lines matching `pattern` since its first start (what it did while offline). */
  async untilLogged(pattern: RegExp, count: number, timeoutMs = 15_000): Promise<void> {
    await this.csms.until(() => this.countLogged(pattern) >= count, timeoutMs, `${count}× log line ${pattern}`);
  }

  countLogged(pattern: RegExp): number {
    return this.logLines().filter((line) => pattern.test(line)).length;
  }

  /** BootNotification Accepted, then StatusNotification for 0 and each connector (TC_001 step 4). */
  async untilIdle(since: number, timeoutMs = 15_000): Promise<void> {
    await this.csms.until(() => this.acceptedBootSince(since) !== undefined, timeoutMs, "BootNotification Accepted");
    const after = this.acceptedBootSince(since)!;
    for (const connectorId of [0, C, OTHER]) await this.waitFor(statusOf(connectorId), after, timeoutMs);
  }

  /** The statuses reported for one connector after `mark`, in order. */
  statuses(connectorId: number, since: number): string[] {
    return this.callsSince(since)
      .filter((call) => call.action === "StatusNotification" && call.payload.connectorId === connectorId)
      .map((call) => call.payload.status);
  }

  /** The transactionId the Central System gave this StartTransaction. */
  transactionIdOf(start: ReceivedCall): number {
    const answered = this.script.started.find((s) => s.call === start);
    if (!answered) throw new Error(`StartTransaction ${JSON.stringify(start.payload)} was not answered by the script`);
    return answered.transactionId;
  }

  /**
   * RS-Charging (TEST-CASES.md §3): plug in, RemoteStartTransaction, [Authorize], StartTransaction and Charging.
   * On a Reserved connector (steps 3 and 5) the plug shows nothing and Preparing follows the RemoteStartTransaction.
   */
  async rsCharging(connectorId = C, idTag = VALID, { isReserved = false } = {}): Promise<number> {
    const since = this.mark();
    const config = await this.request("GetConfiguration", { key: ["AuthorizeRemoteTxRequests"] });
    const isAuthorizing = config.configurationKey.find((k: { key: string }) => k.key === "AuthorizeRemoteTxRequests")?.value === "true";
    await this.sim("plug", String(connectorId));
    // The operator plugs in well before the remote start: the station has read the pilot (a Reserved connector shows nothing).
    if (isReserved) await this.untilPilot(connectorId, ["B", "C"]);
    else await this.waitFor(status(connectorId, "Preparing"), since);
    const remote = this.mark();
    expect(await this.request("RemoteStartTransaction", { connectorId, idTag })).toEqual({ status: "Accepted" });
    if (isReserved) {
      await this.waitFor(status(connectorId, "Preparing"), remote);
      // Step 3: a Reserved connector shows no Preparing for the plug; step 5: it does for the remote start.
      expect(this.statuses(connectorId, since)).toEqual(this.statuses(connectorId, remote));
    }
    const start = await this.waitFor(call("StartTransaction", { connectorId, idTag }), since);
    await this.waitFor(status(connectorId, "Charging"), since);
    expectInOrder(this.callsSince(since), [
      status(connectorId, "Preparing"),
      ...(isAuthorizing ? [call("Authorize", { idTag })] : []),
      [call("StartTransaction", { connectorId, idTag }), status(connectorId, "Charging")],
    ]);
    return this.transactionIdOf(start);
  }

  /** RS-Authorized (TEST-CASES.md §3): present the tag; Authorize and Preparing in either order. */
  async rsAuthorized(idTag = VALID, connectorId = C): Promise<void> {
    const since = this.mark();
    await this.sim("swipe", idTag);
    await this.waitFor(call("Authorize", { idTag }), since);
    await this.waitFor(status(connectorId, "Preparing"), since);
  }

  /**
   * MS-IdTagCached (TEST-CASES.md §3): RS-Charging, stop with the same card, unplug. The cache learns
   * the tag from the idTagInfo of Authorize, StartTransaction and StopTransaction.conf.
   */
  async msIdTagCached(idTag = VALID, connectorId = C): Promise<void> {
    await this.rsCharging(connectorId, idTag);
    const since = this.mark();
    await this.sim("swipe", idTag);
    await this.waitFor(call("StopTransaction", { idTag }), since);
    await this.waitFor(status(connectorId, "Finishing"), since);
    await this.sim("unplug", String(connectorId));
    await this.waitFor(status(connectorId, "Available"), since);
  }

  /** A power loss: SIGKILL, then (after `whileOff`) the same binary with the same configuration (LAB-INTERFACE.md). */
  async powerCycle(whileOff?: () => Promise<void>): Promise<void> {
    this.running.kill("SIGKILL");
    await this.running.exited;
    this.earlierOutput.push(this.running.output());
    await this.csms.until(() => !this.csms.isStationConnected, 10_000, "the killed station's connection to close");
    await whileOff?.();
    this.running = this.launch();
  }

  /** A clean stop (SIGTERM, as systemd stops it), then (after `whileOff`) the same binary with the same configuration. */
  async stopAndStart(whileOff?: () => Promise<void>): Promise<void> {
    await this.running.stop();
    this.earlierOutput.push(this.running.output());
    await whileOff?.();
    this.running = this.launch();
  }

  /** The network is gone: the connection drops and new ones are refused. */
  async goOffline(): Promise<void> {
    this.csms.acceptUpgrade = () => new Response("network down", { status: 503 });
    this.csms.dropConnections();
    await this.csms.until(() => !this.csms.isStationConnected, 10_000, "the connection to drop");
  }

  /**
   * The network goes, then an EV is plugged in and the card presented: resolves once the station has
   * started the transaction offline and the EV draws energy (Charging, as the driver would see before
   * the network comes back; until the EV follows the contactor the connector is SuspendedEV).
   */
  async startOfflineWithCard(idTag: string, connectorId = C): Promise<void> {
    const started = new RegExp(`transaction started connectorId=${connectorId}\\b`);
    const before = this.countLogged(started);
    await this.goOffline();
    await this.sim("plug", String(connectorId));
    await this.sim("swipe", idTag);
    await this.untilLogged(started, before + 1);
    await this.untilConnectorStatus(connectorId, "Charging");
  }

  /** Polls `csc22b7 diag --json` until the connector has this status, whether or not the Central System can hear of it. */
  async untilConnectorStatus(connectorId: number, status: string, timeoutMs = 15_000): Promise<void> {
    type Report = { connectors: { id: number; status: string }[] };
    const statusIn = (report: Report) => report.connectors.find((connector) => connector.id === connectorId)?.status;
    await eventually(() => diagJson<Report>(this.config, this.cwd), (report) => statusIn(report) === status, `connector ${connectorId} ${status} in diag`, timeoutMs);
  }

  /** Polls `csc22b7 diag --json` until the station reads one of these pilot states on the connector. */
  async untilPilot(connectorId: number, states: string[], timeoutMs = 15_000): Promise<void> {
    type Report = { connectors: { id: number; pilotState?: string | null }[] };
    const pilotIn = (report: Report) => report.connectors.find((connector) => connector.id === connectorId)?.pilotState ?? "";
    await eventually(() => diagJson<Report>(this.config, this.cwd), (report) => states.includes(pilotIn(report)), `connector ${connectorId} pilot ${states.join("/")} in diag`, timeoutMs);
  }

  /** The network is back; resolves once the station has reconnected. */
  async goOnline(): Promise<void> {
    this.csms.acceptUpgrade = () => undefined;
    await this.csms.until(() => this.csms.isStationConnected, 10_000, "the station to reconnect");
  }

  /** A station process the harness did not start (its pid from diag): stopped at the end of the case. */
  adopt(pid: number): void {
    if (pid !== this.running.pid) this.adopted.add(pid);
  }

  async shutDown(): Promise<void> {
    await this.running.stop();
    for (const pid of this.adopted) await stopProcess(pid);
    await this.tls?.stop();
    this.csms.stop();
  }

  /** `csc22b7 diag --json` of the running (or stopped) station. */
  diag<T = any>(): Promise<T> {
    return diagJson<T>(this.config, this.cwd);
  }

  private logLines(): string[] {
    return [...this.earlierOutput, this.running.output()].join("\n").split("\n");
  }

  private launch(): StationProcess {
    return startStationProcess([this.executable, "--config", this.config], this.cwd, this.env);
  }

  /** Just after the first BootNotification at or after `since` that the script answered Accepted. */
  private acceptedBootSince(since: number): number | undefined {
    const index = this.script.acceptedBoots.map((boot) => this.csms.calls.indexOf(boot)).find((i) => i >= since);
    return index === undefined ? undefined : index + 1;
  }
}

/** SIGTERM to a process that is not the harness's child, then SIGKILL if it is still there after 10 s. */
async function stopProcess(pid: number): Promise<void> {
  const isAlive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!isAlive()) return;
  process.kill(pid, "SIGTERM");
  const deadline = Date.now() + 10_000;
  while (isAlive() && Date.now() < deadline) await Bun.sleep(50);
  if (isAlive()) process.kill(pid, "SIGKILL");
}

/** Waits `ms` to give the station the chance to do what it must not (TXDUR in TEST-CASES.md). */
export function observe(ms: number): Promise<void> {
  return Bun.sleep(ms);
}
