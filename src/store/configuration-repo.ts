import type { ConfigurationStore } from "../station/ports.ts";
import { inStore, type StoreDb } from "./db.ts";
import { configuration } from "./schema.ts";

/** The OCPP configuration values the Central System changed, kept across restarts. */
export class ConfigurationRepo implements ConfigurationStore {
  constructor(
    private readonly db: StoreDb,
    private readonly now: () => Date,
  ) {}

  loadAll(): Map<string, string> {
    const rows = inStore(this.db, "reading the configuration", () => this.db.select().from(configuration).all());
    return new Map(rows.map((row) => [row.key, row.value]));
  }

  save(key: string, value: string): void {
    inStore(this.db, `saving configuration key ${key}`, () =>
      this.db
        .insert(configuration)
        .values({ key, value, changedAt: this.now() })
        .onConflictDoUpdate({ target: configuration.key, set: { value, changedAt: this.now() } })
        .run(),
    );
  }
}
