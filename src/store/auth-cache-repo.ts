import { and, asc, count, eq, gt, inArray, isNull, or, sql } from "drizzle-orm";
import { idTagKey } from "../station/authorization/id-tag.ts";
import { validStatuses } from "../station/authorization/id-tag-info.ts";
import type { AuthCacheStore, AuthorizationStatus, CachedIdTag } from "../station/ports.ts";
import { immediate, inStore, type StoreDb } from "./db.ts";
import { authCache } from "./schema.ts";

/** The authorization cache (C§3.5.1) on the `auth_cache` table; it survives reboots and power loss (E3.4). */
export class AuthCacheRepo implements AuthCacheStore {
  /** `now` decides which entries have expired by time when trimming (C§3.5.1). */
  constructor(
    private readonly db: StoreDb,
    private readonly now: () => Date,
  ) {}

  get(idTag: string): CachedIdTag | undefined {
    const row = inStore(this.db, `reading authorization cache entry ${idTag}`, () => this.db.select().from(authCache).where(eq(authCache.idTag, idTagKey(idTag))).get());
    return row && toEntry(row);
  }

  put(entry: CachedIdTag): void {
    const values = {
      status: entry.status,
      expiryDate: entry.expiryDate ?? null,
      parentIdTag: entry.parentIdTag ?? null,
      updatedAt: entry.updatedAt,
    };
    inStore(this.db, `saving authorization cache entry ${entry.idTag}`, () =>
      this.db
        .insert(authCache)
        .values({ idTag: idTagKey(entry.idTag), ...values })
        .onConflictDoUpdate({ target: authCache.idTag, set: values })
        .run(),
    );
  }

  trim(maxEntries: number): void {
    inStore(this.db, "trimming the authorization cache", () =>
      this.db.transaction((tx) => {
        const total = tx.select({ n: count() }).from(authCache).get()?.n ?? 0;
        if (total <= maxEntries) return;
        const isValid = and(inArray(authCache.status, [...validStatuses]), or(isNull(authCache.expiryDate), gt(authCache.expiryDate, this.now())));
        const victims = tx
          .select({ idTag: authCache.idTag })
          .from(authCache)
          // §7.2: not-valid entries go first, then the oldest valid ones.
          .orderBy(sql`case when ${isValid} then 1 else 0 end`, asc(authCache.updatedAt), asc(authCache.idTag))
          .limit(total - maxEntries);
        tx.delete(authCache).where(inArray(authCache.idTag, victims)).run();
      }, immediate),
    );
  }

  clear(): void {
    inStore(this.db, "clearing the authorization cache", () => this.db.delete(authCache).run());
  }
}

type Row = typeof authCache.$inferSelect;

function toEntry(row: Row): CachedIdTag {
  return {
    idTag: row.idTag,
    status: row.status as AuthorizationStatus,
    updatedAt: row.updatedAt,
    ...(row.expiryDate === null ? {} : { expiryDate: row.expiryDate }),
    ...(row.parentIdTag === null ? {} : { parentIdTag: row.parentIdTag }),
  };
}
