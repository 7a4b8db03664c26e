import { deepFreeze } from "../deep-freeze.ts";
import type { ConfigurationStore } from "../ports.ts";
import type { BooleanKey, IntegerKey, KeyDefinition, KeyName, KeyTable, ListKey } from "./key-definition.ts";
import { checkValue } from "./value-rules.ts";

export type ChangeResult = "Accepted" | "Rejected" | "RebootRequired" | "NotSupported";
export type KeyValue = { key: string; readonly: boolean; value?: string };

/** A domain rule beyond the value's type, e.g. §17.1 "SecurityProfile may only be raised"; returns why not. */
export type ChangeGuard = (value: string, current: string | undefined) => string | undefined;

/** A stored change, and the listeners to tell: ChangeConfiguration tells them after its answer has left. */
export type WrittenChange = { status: ChangeResult; notify(): void };

export type ConfigurationOptions = {
  /** The keys of the registered profiles (src/profiles/registry.ts). */
  keys: KeyTable;
  /** station.json's `ocpp` section and security settings, already checked with `checkOverrides`. */
  overrides: Record<string, string>;
  store: ConfigurationStore;
  /** Told about values that were stored but are no longer valid (e.g. after a firmware change). */
  onDiscarded?: (key: string, value: string, reason: string) => void;
  /** Told when a change could not be stored (it is then Rejected). */
  onSaveFailed?: (key: string, error: unknown) => void;
};

/** Checks station.json's `ocpp` values; returns one problem per bad key as `ocpp.<Key>: <reason>`. */
export function checkOverrides(
  keys: KeyTable,
  overrides: Record<string, string | number | boolean>,
): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(overrides)) {
    const definition = keys.find(name);
    if (!definition) problems.push(`ocpp.${name}: is not a configuration key of this firmware`);
    else if (definition.isFact) problems.push(`ocpp.${name}: is fixed by the firmware and cannot be configured`);
    else {
      const checked = checkValue(definition, String(raw), (key) => integerOf(keys.find(key)?.factory));
      if (checked.ok) values[definition.key] = checked.value;
      else problems.push(`ocpp.${name}: ${checked.reason}`);
    }
  }
  return { values, problems };
}

/** The live OCPP configuration: factory value, then station.json, then what the Central System set. */
export class Configuration {
  private readonly values = new Map<string, string>();
  private readonly guards = new Map<string, ChangeGuard>();
  private readonly listeners = new Set<(key: string, value: string) => void>();
  /** GetConfiguration without keys, built once per set of values: the largest routine answer (issue 18). */
  private everyKey: EveryKeyAnswer | undefined;

  constructor(private readonly options: ConfigurationOptions) {
    for (const definition of options.keys.definitions) {
      const value = options.overrides[definition.key] ?? definition.factory;
      if (value !== undefined) this.values.set(definition.key, value);
    }
    this.restoreStored();
  }

  get definitions(): readonly KeyDefinition[] {
    return this.options.keys.definitions;
  }

  get(key: KeyName): string | undefined {
    return this.values.get(key);
  }

  integer(key: IntegerKey): number {
    return Number(this.values.get(key));
  }

  boolean(key: BooleanKey): boolean {
    return this.values.get(key) === "true";
  }

  list(key: ListKey): string[] {
    const value = this.values.get(key);
    return value ? value.split(",") : [];
  }

  /**
   * GetConfiguration without keys: every readable key. Frozen, and the same object until a value
   * changes, so that the answer is built and checked once (Dispatcher: a frozen answer is checked once).
   */
  readAll(): EveryKeyAnswer {
    this.everyKey ??= deepFreeze({ configurationKey: this.definitions.filter(isReadable).map((d) => this.keyValue(d)) });
    return this.everyKey;
  }

  /** GetConfiguration with keys: the requested ones, the unknown ones apart. */
  read(keys: readonly string[]): { configurationKey: KeyValue[]; unknownKey: string[] } {
    const configurationKey: KeyValue[] = [];
    const unknownKey: string[] = [];
    for (const name of keys) {
      const definition = this.options.keys.find(name);
      if (isReadable(definition)) configurationKey.push(this.keyValue(definition!));
      else unknownKey.push(name);
    }
    return { configurationKey, unknownKey };
  }

  /** ChangeConfiguration (§10.6) and its listeners at once. */
  change(name: string, raw: string): ChangeResult {
    const written = this.write(name, raw);
    written.notify();
    return written.status;
  }

  /** An accepted value is stored and in effect for readers; the listeners (reconnects, timers) wait for `notify`. */
  write(name: string, raw: string): WrittenChange {
    const refused = (status: ChangeResult) => ({ status, notify() {} });
    const definition = this.options.keys.find(name);
    if (!definition) return refused("NotSupported");
    if (definition.access === "R") return refused("Rejected");
    const checked = checkValue(definition, raw, (key) => this.integerOrUndefined(key));
    if (!checked.ok) return refused("Rejected");
    const current = this.values.get(definition.key);
    if (this.guards.get(definition.key)?.(checked.value, current) !== undefined) return refused("Rejected");
    const accepted = { status: "Accepted", notify: () => this.listeners.forEach((listener) => listener(definition.key, checked.value)) } as const;
    // The value in effect is the one the next start reads too (stored, else station.json's, else the
    // factory's): the same value again needs no commit. A BootNotification's heartbeat interval is
    // most often the same at every boot, and the boot statuses then wait for no fsync (issue 18).
    if (checked.value === current) return accepted;
    try {
      this.options.store.save(definition.key, checked.value);
    } catch (error) {
      // Durable before in effect: a value the store cannot take (a full disk) is refused, never kept in memory only.
      this.options.onSaveFailed?.(definition.key, error);
      return refused("Rejected");
    }
    this.setValue(definition.key, checked.value);
    return accepted;
  }

  /**
   * A value the firmware itself puts back, past the key's guard and without telling the listeners: a
   * raised SecurityProfile whose first connection failed returns to the one before (A05.FR.08).
   */
  correct(key: KeyName, value: string): void {
    this.options.store.save(key, value);
    this.setValue(key, value);
  }

  /** A rule of the key's profile beyond the value's type. */
  guard(key: KeyName, guard: ChangeGuard): void {
    this.guards.set(key, guard);
  }

  onChange(listener: (key: string, value: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private setValue(key: string, value: string): void {
    this.values.set(key, value);
    this.everyKey = undefined;
  }

  private keyValue(definition: KeyDefinition): KeyValue {
    const value = this.values.get(definition.key);
    return { key: definition.key, readonly: definition.access === "R", ...(value === undefined ? {} : { value }) };
  }

  private integerOrUndefined(key: string): number | undefined {
    return integerOf(this.values.get(key));
  }

  private restoreStored(): void {
    for (const [key, value] of this.options.store.loadAll()) {
      const definition = this.options.keys.find(key);
      const checked = definition && !definition.isFact ? checkValue(definition, value, (k) => this.integerOrUndefined(k)) : undefined;
      if (checked?.ok) this.values.set(definition!.key, checked.value);
      else this.options.onDiscarded?.(key, value, checked ? checked.reason : "not a configuration key of this firmware");
    }
  }
}

/** Frozen (`readAll`): a change would throw, never reach the next answer. */
export type EveryKeyAnswer = { configurationKey: KeyValue[] };

function isReadable(definition: KeyDefinition | undefined): boolean {
  return definition !== undefined && definition.access !== "W";
}

function integerOf(value: string | undefined): number | undefined {
  return value === undefined || value === "" ? undefined : Number(value);
}
