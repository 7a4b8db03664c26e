import type { AnyHandler } from "../ocpp/dispatcher.ts";
import type { KeyName } from "../station/configuration/key-definition.ts";
import { StationHooks } from "../station/hooks.ts";
import { StationLifecycle } from "../station/lifecycle.ts";
import { Station, type StationContext, type StationIdentity } from "../station/station.ts";
import type { StoreDb } from "../store/db.ts";
import type { AnyProfile, ConnectionControl, ProfileContext, ProfileDiagnostics, StationHost } from "./profile.ts";

/** What the edge (cli/run.ts, or a test) provides; the hooks, lifecycle and delivery rules are made here. */
export type StationEnvironment = Omit<StationContext, "hooks" | "lifecycle" | "deliveryRules"> & {
  connection: ConnectionControl;
  database: StoreDb;
  host: StationHost;
  chargePointId?: string;
};

/** One profile's handlers with the service they are bound to, for the OCPP client's dispatcher. */
export type BoundHandlers = { handlers: readonly AnyHandler<unknown>[]; service: unknown };

export type BuiltStation = {
  core: Station;
  lifecycle: StationLifecycle;
  /** The slots the profiles filled; the edge raises security events it detects (InvalidMessages) through them. */
  hooks: StationHooks;
  handlers: readonly BoundHandlers[];
  /** Every profile's service by profile name, for tests. */
  services: ReadonlyMap<string, unknown>;
  /** Each profile's part of the diag summary, by profile name. */
  diagnostics(): Record<string, ProfileDiagnostics>;
  start(): void;
  stop(reason?: "Reboot" | "HardReset" | "SoftReset"): void;
};

/**
 * Builds the core and every registered profile on it: each profile's service, its hooks, delivery
 * rules, key guards and key effects. Adding a profile adds nothing here.
 */
export function buildStation(environment: StationEnvironment, identity: StationIdentity, profiles: readonly AnyProfile[]): BuiltStation {
  const { configuration, log } = environment;
  const stationContext: StationContext = { ...environment, hooks: new StationHooks(log), lifecycle: new StationLifecycle(), deliveryRules: new Map() };
  const core = new Station(stationContext, identity);
  // A profile's CALLs go through the core's Central System, so they count as signs of life too (C§4.6).
  const context: ProfileContext = {
    ...stationContext, csms: core.centralSystem, core, connection: environment.connection, database: environment.database, host: environment.host,
    chargePointId: environment.chargePointId ?? "CSC22B7", identity,
  };
  const units = profiles.map((profile) => ({ profile, service: profile.create(context) as unknown }));
  const effects = new Map<string, (value: string) => void>();
  for (const { profile, service } of units) {
    if (profile.hooks) stationContext.hooks.add(profile.hooks(service, context));
    for (const rule of profile.delivery?.(service, context) ?? []) {
      if (stationContext.deliveryRules.has(rule.action)) throw new Error(`${rule.action} has two delivery rules`);
      stationContext.deliveryRules.set(rule.action, rule);
    }
    for (const [key, guard] of Object.entries(profile.guards?.(service, context) ?? {})) if (guard) configuration.guard(key as KeyName, guard);
    for (const [key, effect] of Object.entries(profile.keyEffects?.(service, context) ?? {})) if (effect) effects.set(key, effect);
  }
  const stopListening = configuration.onChange((key, value) => effects.get(key)?.(value));
  return {
    core,
    lifecycle: stationContext.lifecycle,
    hooks: stationContext.hooks,
    handlers: units.map(({ profile, service }) => ({ handlers: profile.handlers ?? [], service })),
    services: new Map(units.map(({ profile, service }) => [profile.name, service])),
    diagnostics: () => Object.fromEntries(units.flatMap(({ profile, service }) => (profile.diagnostics ? [[profile.name, profile.diagnostics.live(service)]] : []))),
    start() {
      core.start();
      for (const { profile, service } of units) profile.start?.(service);
    },
    stop(reason) {
      stopListening();
      for (const { profile, service } of [...units].reverse()) profile.stop?.(service);
      core.stop(reason);
    },
  };
}
