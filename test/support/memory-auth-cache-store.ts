import { idTagKey } from "../../src/station/authorization/id-tag.ts";
import { isValidCacheEntry } from "../../src/station/authorization/id-tag-info.ts";
import type { AuthCacheStore, CachedIdTag } from "../../src/station/ports.ts";

/** The authorization cache in memory, keyed like AuthCacheRepo (upper-cased idTag). */
export class MemoryAuthCacheStore implements AuthCacheStore {
  private readonly entries = new Map<string, CachedIdTag>();

  constructor(private readonly now: () => Date) {}

  get size(): number {
    return this.entries.size;
  }

  get(idTag: string): CachedIdTag | undefined {
    return this.entries.get(idTagKey(idTag));
  }

  put(entry: CachedIdTag): void {
    const idTag = idTagKey(entry.idTag);
    this.entries.set(idTag, { ...entry, idTag });
  }

  trim(maxEntries: number): void {
    const now = this.now();
    const byEvictionOrder = [...this.entries.values()].sort(
      (a, b) =>
        Number(isValidCacheEntry(a, now)) - Number(isValidCacheEntry(b, now)) ||
        a.updatedAt.getTime() - b.updatedAt.getTime() ||
        (a.idTag < b.idTag ? -1 : a.idTag > b.idTag ? 1 : 0),
    );
    for (const entry of byEvictionOrder.slice(0, Math.max(0, byEvictionOrder.length - maxEntries))) {
      this.entries.delete(entry.idTag);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
