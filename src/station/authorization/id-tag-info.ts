import type { AuthorizationStatus, CachedIdTag, IdTagInfo } from "../ports.ts";

/** C§3.5.2: Accepted and ConcurrentTx are the valid statuses; Blocked, Expired and Invalid are not. */
export const validStatuses: readonly AuthorizationStatus[] = ["Accepted", "ConcurrentTx"];

function hasExpired(expiryDate: Date | undefined, now: Date): boolean {
  return expiryDate !== undefined && expiryDate.getTime() <= now.getTime();
}

/** The cache's eviction class (§7.2): valid status and expiryDate not passed (C§3.5.1: else it is Expired). */
export function isValidCacheEntry(entry: CachedIdTag, now: Date): boolean {
  return validStatuses.includes(entry.status) && !hasExpired(entry.expiryDate, now);
}

/** C§3.5.1, §7.4: once its expiryDate has passed a locally kept IdTagInfo counts as Expired. */
export function currentIdTagInfo(idTagInfo: IdTagInfo, now: Date): IdTagInfo {
  const expiryDate = idTagInfo.expiryDate === undefined ? undefined : new Date(idTagInfo.expiryDate);
  return hasExpired(expiryDate, now) ? { ...idTagInfo, status: "Expired" } : idTagInfo;
}

export function toCachedIdTag(idTag: string, idTagInfo: IdTagInfo, now: Date): CachedIdTag {
  const { status, expiryDate, parentIdTag } = idTagInfo;
  return { idTag, status, updatedAt: now, ...(expiryDate === undefined ? {} : { expiryDate: new Date(expiryDate) }), ...(parentIdTag === undefined ? {} : { parentIdTag }) };
}

export function toIdTagInfo(entry: CachedIdTag): IdTagInfo {
  const { status, expiryDate, parentIdTag } = entry;
  return { status, ...(expiryDate === undefined ? {} : { expiryDate: expiryDate.toISOString() }), ...(parentIdTag === undefined ? {} : { parentIdTag }) };
}
