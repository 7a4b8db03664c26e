import { bool, count, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";

/** The security extension's keys (SPEC-DIGEST §17, S§7). */
export const securityKeys = [
  { key: "AuthorizationKey", access: "W", rule: { type: "hex", minBytes: 16, maxBytes: 20 }, factory: undefined },
  { key: "SecurityProfile", access: "RW", rule: count(0, 3), factory: "0" },
  /** A02: the O of the station's CSR; the station asks for a certificate only once it is set. */
  { key: "CpoName", access: "RW", rule: { type: "string", maxLength: 64 }, factory: undefined },
  /** M05: roots (CentralSystemRootCertificate and ManufacturerRootCertificate together) the station keeps. */
  { key: "CertificateStoreMaxLength", access: "R", rule: count(1, 100), factory: "20", isFact: true },
  /** S§7.3: the longest CertificateSigned.certificateChain taken, in characters (the schema's maximum). */
  { key: "CertificateSignedMaxChainSize", access: "R", rule: count(1, 10_000), factory: "10000", isFact: true },
  /** M05.FR.08–13: with true, one Central System root at a time, replaced only by one it signed (the old kept as fallback). */
  { key: "AdditionalRootCertificateCheck", access: "R", rule: bool, factory: "false" },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof securityKeys> {}
}
