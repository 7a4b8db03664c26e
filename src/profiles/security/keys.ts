import { count, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";

/** The connection's security keys (SPEC-DIGEST §17.1, §17.2). */
export const securityKeys = [
  { key: "AuthorizationKey", access: "W", rule: { type: "hex", minBytes: 16, maxBytes: 20 }, factory: undefined },
  { key: "SecurityProfile", access: "RW", rule: count(0, 3), factory: "0" },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof securityKeys> {}
}
