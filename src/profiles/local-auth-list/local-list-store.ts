import type { IdTagInfo } from "../../station/ports.ts";

/** One entry of an update: with idTagInfo it is added or replaced, without it (Differential) it is removed. */
export type ListEntry = { idTag: string; idTagInfo?: IdTagInfo | undefined };

/** Where the Local Authorization List is kept; every update is one commit, entries and version together. */
export interface LocalListStore {
  lookup(idTag: string): IdTagInfo | undefined;
  /** The version of the last update applied (0 before any). */
  version(): number;
  size(): number;
  /** Full: the list becomes exactly `entries`. */
  replace(listVersion: number, entries: readonly Required<ListEntry>[]): void;
  /**
   * Differential: entries with idTagInfo are added or replaced, the others removed; an update that
   * would leave more than `maxSize` entries is not applied (the commit is rolled back).
   */
  update(listVersion: number, entries: readonly ListEntry[], maxSize: number): "applied" | "tooLarge";
}
