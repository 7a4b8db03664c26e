import { isSecretKey } from "../log/redact-secrets.ts";
import type { Configuration } from "../station/configuration/configuration.ts";
import type { KeyName } from "../station/configuration/key-definition.ts";
import type { ConfigKeyReport } from "./diag-report.ts";

/**
 * Every key of the registered profiles with its value, factory value and who set it: the Central
 * System (stored in the database), station.json, or nobody (the factory value).
 */
export function configKeys(configuration: Configuration, fromFile: Record<string, string>, stored: Map<string, string>): ConfigKeyReport[] {
  return configuration.definitions.map((definition) => {
      const { key } = definition;
      const value = configuration.get(key as KeyName) ?? null;
      const factory = definition.factory ?? null;
      const source = stored.get(key) === value && value !== null ? "Central System" : key in fromFile ? "station.json" : "factory";
      const isChanged = !definition.isFact && value !== factory;
      // Secrets are never printed, only whether they are set.
      const shown = isSecretKey(key) && value !== null ? "(set, hidden)" : value;
      return { key, value: shown, readonly: definition.access === "R", factory, isChanged, source };
    });
}
