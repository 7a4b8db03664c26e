import { count, eq, sql } from "drizzle-orm";
import { idTagKey } from "../../station/authorization/id-tag.ts";
import type { AuthorizationStatus, IdTagInfo } from "../../station/ports.ts";
import { inStore, type StoreDb } from "../../store/db.ts";
import type { ListEntry, LocalListStore } from "./local-list-store.ts";
import { localAuthList, localAuthListVersion } from "./schema.ts";

/**
 * The Local Authorization List in SQLite, looked up there (not held in memory, so 50,000 entries
 * cost no RAM). Each update is one transaction: a power cut leaves the old list and version or
 * the new ones, never a mix.
 */
export class LocalListRepo implements LocalListStore {
  private readonly byIdTag;
  private readonly upsert;
  private readonly remove;

  /** One prepared statement per row: building SQL for every chunk of a 10,000-entry update cost four times as much. */
  constructor(private readonly db: StoreDb) {
    const idTag = sql.placeholder("idTag");
    this.byIdTag = db.select().from(localAuthList).where(eq(localAuthList.idTag, idTag)).prepare();
    this.upsert = db
      .insert(localAuthList)
      .values({ idTag, status: sql.placeholder("status"), expiryDate: sql.placeholder("expiryDate"), parentIdTag: sql.placeholder("parentIdTag") })
      .onConflictDoUpdate({
        target: localAuthList.idTag,
        set: { status: sql`excluded.status`, expiryDate: sql`excluded.expiry_date`, parentIdTag: sql`excluded.parent_id_tag` },
      })
      .prepare();
    this.remove = db.delete(localAuthList).where(eq(localAuthList.idTag, idTag)).prepare();
  }

  lookup(idTag: string): IdTagInfo | undefined {
    const row = inStore(this.db, "local list: looking up an idTag", () => this.byIdTag.get({ idTag: idTagKey(idTag) }));
    if (!row) return undefined;
    return {
      status: row.status as AuthorizationStatus,
      ...(row.expiryDate === null ? {} : { expiryDate: row.expiryDate }),
      ...(row.parentIdTag === null ? {} : { parentIdTag: row.parentIdTag }),
    };
  }

  version(): number {
    return inStore(this.db, "local list: reading its version", () => this.db.select().from(localAuthListVersion).where(eq(localAuthListVersion.id, 1)).get()?.listVersion ?? 0);
  }

  size(): number {
    return inStore(this.db, "local list: counting its entries", () => this.db.select({ n: count() }).from(localAuthList).get()?.n ?? 0);
  }

  replace(listVersion: number, entries: readonly Required<ListEntry>[]): void {
    inStore(this.db, "local list: replacing the list", () =>
      this.db.transaction((tx) => {
        tx.delete(localAuthList).run();
        for (const entry of entries) this.upsert.run(toRow(entry));
        setVersion(tx, listVersion);
      }),
    );
  }

  update(listVersion: number, entries: readonly ListEntry[], maxSize: number): "applied" | "tooLarge" {
    return inStore(this.db, "local list: updating the list", () => {
      try {
        this.db.transaction((tx) => {
          for (const entry of entries) {
            if (entry.idTagInfo === undefined) this.remove.run({ idTag: idTagKey(entry.idTag) });
            else this.upsert.run(toRow(entry as Required<ListEntry>));
          }
          if (this.size() > maxSize) throw tooLarge;
          setVersion(tx, listVersion);
        });
        return "applied";
      } catch (error) {
        if (error === tooLarge) return "tooLarge";
        throw error;
      }
    });
  }
}

/** Thrown inside the commit to roll it back. */
const tooLarge = new Error("the list would exceed its capacity");

function toRow(entry: Required<ListEntry>) {
  const { status, expiryDate, parentIdTag } = entry.idTagInfo;
  return { idTag: idTagKey(entry.idTag), status, expiryDate: expiryDate ?? null, parentIdTag: parentIdTag ?? null };
}

function setVersion(tx: Pick<StoreDb, "insert">, listVersion: number): void {
  tx.insert(localAuthListVersion)
    .values({ id: 1, listVersion })
    .onConflictDoUpdate({ target: localAuthListVersion.id, set: { listVersion } })
    .run();
}
