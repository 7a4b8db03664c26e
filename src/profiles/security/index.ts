import { defineProfile } from "../profile.ts";
import { securityKeys } from "./keys.ts";
import { securityProfileGuard } from "./security-profile-guard.ts";

/**
 * The connection's security (SPEC-DIGEST §17): Basic auth with the AuthorizationKey, TLS, client
 * certificates. Not a feature profile of 1.6, so not in SupportedFeatureProfiles.
 */
export const security = defineProfile<null>({
  name: "Security",
  isFeatureProfile: false,
  keys: securityKeys,
  create: () => null,
  guards: (_service, { configuration, connection }) => ({
    SecurityProfile: securityProfileGuard({
      authorizationKey: () => configuration.get("AuthorizationKey") !== undefined,
      caCertificate: () => connection.hasCaCertificate,
      clientCertificate: () => connection.hasClientCertificate,
    }),
  }),
  // §17.2 A01, §17.1 A05: a new password or a raised profile takes a new connection (the queue stays),
  // once the ChangeConfiguration answer has left on the old one.
  keyEffects: (_service, { connection }) => ({
    AuthorizationKey: () => connection.reconnect("AuthorizationKey changed"),
    SecurityProfile: () => connection.reconnect("SecurityProfile changed"),
  }),
});
