import type { ConfigurationStore } from "../ports.ts";
import { findKey, keyTable, type FeatureProfile, type KeyDefinition } from "./key-table.ts";
import { checkValue } from "./value-rules.ts";

export type ChangeResult = "Accepted" | "Rejected" | "RebootRequired" | "NotSupported";
export type KeyValue = { key: string; readonly: boolean; value?: string };

/** A domain rule beyond the value's type, e.g. §17.1 "SecurityProfile may only be raised"; returns why not. */
export type ChangeGuard = (value: string, current: string | undefined) => string | undefined;

export type ConfigurationOptions = {
  implementedProfiles: readonly FeatureProfile[];
  /** station.json's `ocpp` section and security settings, already checked with `checkOverrides`. */
  overrides: Record<string, string>;
  store: ConfigurationStore;
  guards?: Record<string, ChangeGuard>;
  /** Told about values that were stored but are no longer valid (e.g. after a firmware change). */
  onDiscarded?: (key: string, value: string, reason: string) => void;
};

/** Checks station.json's `ocpp` values; returns one problem per bad key as `ocpp.<Key>: <reason>`. */
export function checkOverrides(overrides: Record<string, string | number | boolean>): { values: Record<string, string>; problems: string[] } {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(overrides)) {
    const definition = findKey(name);
    if (!definition) problems.push(`ocpp.${name}: is not a configuration key of this firmware`);
    else if (definition.isFact) problems.push(`ocpp.${name}: is fixed by the firmware and cannot be configured`);
    else {
      const checked = checkValue(definition, String(raw), (key) => integerOf(findKey(key)?.factory));
      if (checked.ok) values[definition.key] = checked.value;
      else problems.push(`ocpp.${name}: ${checked.reason}`);
    }
  }
  return { values, problems };
}

/** The live OCPP configuration: factory value, then station.json, then what the Central System set. */
export class Configuration {
  private readonly values = new Map<string, string>();
  private readonly definitions: KeyDefinition[];
  private readonly listeners = new Set<(key: string, value: string) => void>();

  constructor(private readonly options: ConfigurationOptions) {
    const profiles = new Set<string>([...options.implementedProfiles, "Security"]);
    this.definitions = keyTable.filter((definition) => profiles.has(definition.profile));
    for (const definition of this.definitions) {
      const value = options.overrides[definition.key] ?? definition.factory;
      if (value !== undefined) this.values.set(definition.key, value);
    }
    this.values.set("SupportedFeatureProfiles", options.implementedProfiles.join(","));
    this.restoreStored();
  }

  get(key: string): string | undefined {
    return this.values.get(key);
  }

  integer(key: string): number {
    return Number(this.values.get(key));
  }

  boolean(key: string): boolean {
    return this.values.get(key) === "true";
  }

  list(key: string): string[] {
    const value = this.values.get(key);
    return value ? value.split(",") : [];
  }

  /** GetConfiguration: every readable key, or the requested ones with the unknown ones apart. */
  read(keys?: readonly string[]): { configurationKey: KeyValue[]; unknownKey: string[] } {
    const readable = (definition: KeyDefinition | undefined) => definition && this.definitions.includes(definition) && definition.access !== "W";
    if (!keys || keys.length === 0) {
      return { configurationKey: this.definitions.filter(readable).map((d) => this.keyValue(d)), unknownKey: [] };
    }
    const configurationKey: KeyValue[] = [];
    const unknownKey: string[] = [];
    for (const name of keys) {
      const definition = findKey(name);
      if (readable(definition)) configurationKey.push(this.keyValue(definition!));
      else unknownKey.push(name);
    }
    return { configurationKey, unknownKey };
  }

  /** ChangeConfiguration (§10.6); an accepted value is stored before listeners see it. */
  change(name: string, raw: string): ChangeResult {
    const definition = findKey(name);
    if (!definition || !this.definitions.includes(definition)) return "NotSupported";
    if (definition.access === "R") return "Rejected";
    const checked = checkValue(definition, raw, (key) => this.integerOrUndefined(key));
    if (!checked.ok) return "Rejected";
    const current = this.values.get(definition.key);
    if (this.options.guards?.[definition.key]?.(checked.value, current) !== undefined) return "Rejected";
    this.options.store.save(definition.key, checked.value);
    this.values.set(definition.key, checked.value);
    for (const listener of this.listeners) listener(definition.key, checked.value);
    return "Accepted";
  }

  onChange(listener: (key: string, value: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
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
      const definition = findKey(key);
      const checked = definition && !definition.isFact ? checkValue(definition, value, (k) => this.integerOrUndefined(k)) : undefined;
      if (checked?.ok) this.values.set(definition!.key, checked.value);
      else this.options.onDiscarded?.(key, value, checked ? checked.reason : "not a configuration key of this firmware");
    }
  }
}

function integerOf(value: string | undefined): number | undefined {
  return value === undefined || value === "" ? undefined : Number(value);
}
