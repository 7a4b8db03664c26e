import { count, eq, inArray, sql } from "drizzle-orm";
import { idTagKey } from "../../station/authorization/id-tag.ts";
import type { AuthorizationStatus, IdTagInfo } from "../../station/ports.ts";
import { inStore, type StoreDb } from "../../store/db.ts";
import type { ListEntry, LocalListStore } from "./local-list-store.ts";
import { localAuthList, localAuthListVersion } from "./schema.ts";

/** SQLite binds at most this many values per statement; inserts and deletes go in chunks below it. */
const rowsPerStatement = 200;

/**
 * The Local Authorization List in SQLite, looked up there (not held in memory, so 50,000 entries
 * cost no RAM). Each update is one transaction: a power cut leaves the old list and version or
 * the new ones, never a mix.
 */
export class LocalListRepo implements LocalListStore {
  private readonly byIdTag;

  constructor(private readonly db: StoreDb) {
    this.byIdTag = db.select().from(localAuthList).where(eq(localAuthList.idTag, sql.placeholder("idTag"))).prepare();
  }

  lookup(idTag: string): IdTagInfo | undefined {
    const row = inStore("local list: looking up an idTag", () => this.byIdTag.get({ idTag: idTagKey(idTag) }));
    if (!row) return undefined;
    return {
      status: row.status as AuthorizationStatus,
      ...(row.expiryDate === null ? {} : { expiryDate: row.expiryDate }),
      ...(row.parentIdTag === null ? {} : { parentIdTag: row.parentIdTag }),
    };
  }

  version(): number {
    return this.db.select().from(localAuthListVersion).where(eq(localAuthListVersion.id, 1)).get()?.listVersion ?? 0;
  }

  size(): number {
    return this.db.select({ n: count() }).from(localAuthList).get()?.n ?? 0;
  }

  replace(listVersion: number, entries: readonly Required<ListEntry>[]): void {
    inStore("local list: replacing the list", () =>
      this.db.transaction((tx) => {
        tx.delete(localAuthList).run();
        for (let i = 0; i < entries.length; i += rowsPerStatement) tx.insert(localAuthList).values(entries.slice(i, i + rowsPerStatement).map(toRow)).run();
        setVersion(tx, listVersion);
      }),
    );
  }

  update(listVersion: number, entries: readonly ListEntry[]): void {
    inStore("local list: updating the list", () =>
      this.db.transaction((tx) => {
        const removed = entries.filter((entry) => entry.idTagInfo === undefined).map((entry) => idTagKey(entry.idTag));
        for (let i = 0; i < removed.length; i += rowsPerStatement) tx.delete(localAuthList).where(inArray(localAuthList.idTag, removed.slice(i, i + rowsPerStatement))).run();
        const upserts = entries.filter((entry): entry is Required<ListEntry> => entry.idTagInfo !== undefined).map(toRow);
        for (let i = 0; i < upserts.length; i += rowsPerStatement) {
          tx.insert(localAuthList)
            .values(upserts.slice(i, i + rowsPerStatement))
            .onConflictDoUpdate({
              target: localAuthList.idTag,
              set: { status: sql`excluded.status`, expiryDate: sql`excluded.expiry_date`, parentIdTag: sql`excluded.parent_id_tag` },
            })
            .run();
        }
        setVersion(tx, listVersion);
      }),
    );
  }

  sizeAfter(entries: readonly ListEntry[]): number {
    const keys = entries.map((entry) => idTagKey(entry.idTag));
    let present = 0;
    for (let i = 0; i < keys.length; i += rowsPerStatement) {
      present += this.db.select({ n: count() }).from(localAuthList).where(inArray(localAuthList.idTag, keys.slice(i, i + rowsPerStatement))).get()?.n ?? 0;
    }
    const added = entries.filter((entry) => entry.idTagInfo !== undefined).length;
    const removedOrReplaced = present;
    // Every entry named that exists goes (replaced or removed); every entry with idTagInfo comes (back).
    return this.size() - removedOrReplaced + added;
  }
}

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
