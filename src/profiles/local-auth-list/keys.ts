import { bool, count, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";

/** The list's capacity: 50 times EVerest's default and a thousand times MicroOcpp's, still looked up in SQLite. */
export const localListCapacity = 50_000;

/**
 * Entries per SendLocalList: 10,000, so a full list arrives in five messages. One entry is at most
 * about 200 bytes of JSON (a 20-character idTag and parentIdTag, an expiryDate), so a message stays
 * near 2 MB, inside the 4 MiB WebSocket frame limit of the transport.
 */
export const sendLocalListCapacity = 10_000;

/** The Local Auth List Management keys (SPEC-DIGEST §12, C§9.2). */
export const localAuthListKeys = [
  { key: "LocalAuthListEnabled", access: "RW", rule: bool, factory: "true" },
  { key: "LocalAuthListMaxLength", access: "R", rule: count(0, localListCapacity), factory: String(localListCapacity), isFact: true },
  { key: "SendLocalListMaxLength", access: "R", rule: count(0, sendLocalListCapacity), factory: String(sendLocalListCapacity), isFact: true },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof localAuthListKeys> {}
}
