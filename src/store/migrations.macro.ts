import { readMigrationFiles } from "drizzle-orm/migrator";

/**
 * Runs at bundle time (imported `with { type: "macro" }`): the SQL drizzle-kit generated into
 * migrations/ is inlined, so the compiled binary needs no migrations folder.
 */
export function embeddedMigrations() {
  return readMigrationFiles({ migrationsFolder: `${import.meta.dir}/../../migrations` });
}
