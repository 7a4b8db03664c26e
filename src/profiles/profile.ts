import type { AnyHandler } from "../ocpp/dispatcher.ts";
import type { ChangeGuard, Configuration } from "../station/configuration/configuration.ts";
import { type FeatureProfile, type KeyDefinition, type KeyName, KeyTable } from "../station/configuration/key-definition.ts";
import type { AnyDeliveryRule } from "../station/delivery/delivery-rule.ts";
import type { StationHookSet } from "../station/hooks.ts";
import type { Station, StationContext, StationIdentity } from "../station/station.ts";
import type { StoreDb } from "../store/db.ts";

/** TLS material as PEM text: the Central System roots to trust, the station's certificate chain and its key. */
export type TlsCredentials = { caPems: readonly string[]; clientCertPem?: string | undefined; clientKeyPem?: string | undefined };

/** How one connection attempt ended, with the security profile it was made with. */
export type ConnectionAttempt =
  | { kind: "connected"; securityProfile: number }
  | { kind: "failed"; securityProfile: number; failure: { kind: string; message: string; statusCode?: number | undefined } };

/** The connection to the Central System as a profile may steer it; the transport at the edge implements it. */
export interface ConnectionControl {
  /** Ends the connection and connects again with the security settings of now (A01, A05). */
  reconnect(why: string): void;
  setPingInterval(intervalSec: number): void;
  /** What station.json installed for TLS (caFile, certFile, keyFile), as PEM text. */
  readonly files: { caPem?: string | undefined; clientCertPem?: string | undefined; clientKeyPem?: string | undefined };
  /** From the next connection on, TLS trusts and presents what `source` gives (certificates installed over OCPP). */
  useCredentials(source: () => TlsCredentials): void;
  /** Told how each connection attempt ended. */
  onAttempt(listener: (attempt: ConnectionAttempt) => void): () => void;
  /**
   * The certificates (PEM, the server's first) the Central System presents on a TLS connection of its
   * own, made like the station's; undefined without TLS or when it fails.
   */
  peerCertificates(): Promise<string[] | undefined>;
}

/** The executable the station runs as: where it is installed, and how it was started. */
export type StationExecutable = { path: string; args: readonly string[]; cwd: string };

/** One document of the station's own reports (diag summary, configuration, queue, runs) for a diagnostics file. */
export type StationReport = { name: string; content: unknown };

/**
 * What the process running the station offers a profile beyond the ports: its files, its executable
 * and its reports. cli/run.ts provides it; a profile keeps its files under `dataDir/<profile>/`.
 */
export interface StationHost {
  readonly dataDir: string;
  /** Undefined when the station runs from source (`bun src/main.ts`): there is no executable of its own to replace. */
  readonly executable: StationExecutable | undefined;
  /** PEM CA certificates https:// transfers trust beside the runtime's bundled public roots. */
  readonly transferCaPems: readonly string[];
  /** The station's own log files (written redacted), oldest first: what GetDiagnostics and GetLog(DiagnosticsLog) send, and `diag log` reads. */
  readonly logFiles: readonly string[];
  /** What `diag` reports now: summary, configuration (secrets hidden), queue, run history. */
  reports(): Promise<StationReport[]>;
}

/**
 * What a profile's service is built from: the station's ports, the core, the connection, and the
 * station's database, where a profile keeps its own tables (src/profiles/<profile>/schema.ts, in the
 * migrations like the core's) through its own repository; the host process (files, executable, the
 * station's own log files, reports).
 * `csms` is the core's Central System: each CALL counts as a sign of life (C§4.6), and it is not gated
 * by registration, so before Accepted a profile sends only what C§4.2 allows (what a TriggerMessage
 * asks for while Pending).
 */
export type ProfileContext = StationContext & {
  core: Station;
  connection: ConnectionControl;
  database: StoreDb;
  host: StationHost;
  /** Who the station is: its identity at the Central System, and what BootNotification tells of it. */
  chargePointId: string;
  identity: StationIdentity;
};

/**
 * A profile is a unit: its name, its keys, its own service, the handlers bound to that service, the
 * durable messages it sends with their delivery rule, and the hooks it fills. Registered in one place:
 * src/profiles/index.ts.
 */
export type Profile<Service> = {
  name: FeatureProfile | "Security";
  /** Listed in SupportedFeatureProfiles; the security extension is not a feature profile of OCPP 1.6. */
  isFeatureProfile: boolean;
  keys: readonly KeyDefinition[];
  create(context: ProfileContext): Service;
  /** Its CS→CP actions; each handler gets the service as its context. */
  handlers?: readonly AnyHandler<Service>[];
  /** The rule of each durable message it sends (point 3 of "Profiles plug in"). */
  delivery?(service: Service, context: ProfileContext): readonly AnyDeliveryRule[];
  hooks?(service: Service, context: ProfileContext): StationHookSet;
  /** What a change of one of its keys does; runs after the ChangeConfiguration answer has left. */
  keyEffects?(service: Service, context: ProfileContext): Partial<Record<KeyName, (value: string) => void>>;
  /** Rules a new value must meet beyond its type (a "no" is Rejected). */
  guards?(service: Service, context: ProfileContext): Partial<Record<KeyName, ChangeGuard>>;
  /** Its part of the diag summary: from its service while the station runs, from the database (read-only) when it is stopped. */
  diagnostics?: { live(service: Service): ProfileDiagnostics; stored(database: StoreDb): ProfileDiagnostics };
  /** After every profile is built, before the station connects. */
  start?(service: Service): void;
  /** Before the core stops. */
  stop?(service: Service): void;
};

/**
 * What `csc22b7 diag` shows of a profile: a title, lines for the summary screen, the same as data for
 * --json, and what is wrong or worth knowing (listed with the station's problems; a "problem" makes diag exit 1).
 */
export type ProfileDiagnostics = {
  title: string;
  lines: string[];
  data: Record<string, unknown>;
  problems?: { severity: "problem" | "notice"; message: string }[];
};

// `any`: the registry holds profiles of every service type.
export type AnyProfile = Profile<any>;

/** Declares a profile with its service type inferred from `create`. */
export function defineProfile<Service>(profile: Profile<Service>): Profile<Service> {
  return profile;
}

/** The keys of the registered profiles; SupportedFeatureProfiles is derived from them, never written by hand. */
export function keyTableOf(profiles: readonly AnyProfile[]): KeyTable {
  const supported = profiles.filter((profile) => profile.isFeatureProfile).map((profile) => profile.name).join(",");
  const definitions = profiles.flatMap((profile) => profile.keys);
  return new KeyTable(definitions.map((definition) => (definition.key === "SupportedFeatureProfiles" ? { ...definition, factory: supported } : definition)));
}
