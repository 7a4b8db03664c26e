import type { ConfigurationStore } from "../../src/station/ports.ts";

export class MemoryConfigurationStore implements ConfigurationStore {
  readonly saved = new Map<string, string>();

  loadAll(): Map<string, string> {
    return new Map(this.saved);
  }

  save(key: string, value: string): void {
    this.saved.set(key, value);
  }
}
