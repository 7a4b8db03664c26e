import { Database } from "bun:sqlite";
import { drizzle } from "drizzle-orm/bun-sqlite";
import { applyMigrations, type StoreDb } from "../../src/store/db.ts";
import * as schema from "../../src/store/schema.ts";

/** The station's database, migrated, in memory: for a profile's own repository in unit tests. */
export function memoryDatabase(): StoreDb {
  const db = drizzle(new Database(":memory:", { strict: true }), { schema });
  applyMigrations(db);
  return db;
}
