import { deliveryRule } from "../../station/delivery/delivery-rule.ts";
import { defineProfile } from "../profile.ts";
import { certificateSigned } from "./handlers/certificate-signed.ts";
import { deleteCertificate } from "./handlers/delete-certificate.ts";
import { extendedTriggerMessage } from "./handlers/extended-trigger-message.ts";
import { getInstalledCertificateIds } from "./handlers/get-installed-certificate-ids.ts";
import { getLog } from "./handlers/get-log.ts";
import { installCertificate } from "./handlers/install-certificate.ts";
import { signedUpdateFirmware } from "./handlers/signed-update-firmware.ts";
import { securityKeys } from "./keys.ts";
import { Security } from "./security.ts";
import { securityDiagnostics } from "./security-diagnostics.ts";
import { securityProfileGuard } from "./security-profile-guard.ts";

/** A clock the Central System moves by at least this much is the SettingSystemTime event; heartbeats' small corrections are not. */
const settingSystemTimeMs = 5_000;

/**
 * The Security Whitepaper extension (SPEC-DIGEST §17): security profiles, certificates, the station's
 * own certificate, the security log and its events, GetLog, ExtendedTriggerMessage, SignedUpdateFirmware
 * (its checks; the Firmware Management profile's update path runs it). Not a feature
 * profile of 1.6, so not in SupportedFeatureProfiles.
 */
export const security = defineProfile<Security>({
  name: "Security",
  isFeatureProfile: false,
  keys: securityKeys,
  create: (context) => new Security(context),
  handlers: [installCertificate, deleteCertificate, getInstalledCertificateIds, certificateSigned, extendedTriggerMessage, getLog, signedUpdateFirmware],
  delivery: (_service, { configuration }) => {
    // §8.6's rule for messages the Central System may fail to process: attempts and growing waits; never blocking the queue for good.
    const maxAttempts = () => configuration.integer("TransactionMessageAttempts");
    const retryDelayMs = (attempts: number) => configuration.integer("TransactionMessageRetryInterval") * 1000 * attempts;
    return [
      deliveryRule({ action: "SecurityEventNotification", maxAttempts, retryDelayMs, carriesTransactionId: false }),
      deliveryRule({ action: "LogStatusNotification", maxAttempts, retryDelayMs, carriesTransactionId: false }),
    ];
  },
  hooks: (service) => ({
    transferStatus: { LogStatusNotification: () => service.logUpload.status() },
    securityEvents: (type, techInfo) => service.events.raiseNamed(type, techInfo),
    firmwareSignatureVerifier: {
      signedUpdatesPossible: () => service.signedUpdatesPossible(),
      verify: (order, imagePath) => service.verifyFirmwareImage(order, imagePath),
    },
    clockObserver: (from, to) => {
      if (Math.abs(to.getTime() - from.getTime()) >= settingSystemTimeMs) service.events.raise("SettingSystemTime", `${from.toISOString()} → ${to.toISOString()}`);
    },
  }),
  guards: (service) => ({
    SecurityProfile: securityProfileGuard({
      authorizationKey: () => service.hasAuthorizationKey(),
      caCertificate: () => service.has("centralSystemRoot"),
      clientCertificate: () => service.has("stationCertificate"),
    }),
  }),
  // §17.2 A01, §17.1 A05: a new password or a raised profile takes a new connection (the queue stays),
  // once the ChangeConfiguration answer has left on the old one; each is logged in the security log without the key.
  keyEffects: (service, { connection }) => ({
    AuthorizationKey: () => {
      service.events.raise("ReconfigurationOfSecurityParameters", "AuthorizationKey changed");
      connection.reconnect("AuthorizationKey changed");
    },
    SecurityProfile: (value) => service.connectionSecurity.raised(Number(value)),
    CpoName: (value) => service.events.raise("ReconfigurationOfSecurityParameters", `CpoName set to ${value}`),
  }),
  diagnostics: {
    live: (service) => service.diagnostics(),
    stored: (database) => securityDiagnostics(database, { now: new Date() }),
  },
  start: (service) => service.start(),
  stop: (service) => service.stop(),
});
