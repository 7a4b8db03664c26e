/** §3, C§7.28, E3.73: IdToken is a CiString20, so idTags and parentIdTags compare case-insensitively. */
export function idTagKey(idTag: string): string {
  return idTag.toUpperCase();
}

export function sameIdTag(a: string, b: string): boolean {
  return idTagKey(a) === idTagKey(b);
}

/** C§3.10: two tags are in one group iff both have a parentIdTag and these match; no parentIdTag, no group. */
export function sameParentIdTag(a: string | undefined, b: string | undefined): boolean {
  return a !== undefined && b !== undefined && sameIdTag(a, b);
}
