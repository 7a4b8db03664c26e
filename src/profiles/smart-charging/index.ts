import { defineProfile, type ProfileDiagnostics } from "../profile.ts";
import { ChargingProfileRepo } from "./charging-profile-repo.ts";
import { clearChargingProfile } from "./handlers/clear-charging-profile.ts";
import { getCompositeSchedule } from "./handlers/get-composite-schedule.ts";
import { setChargingProfile } from "./handlers/set-charging-profile.ts";
import { smartChargingKeys } from "./keys.ts";
import { limitsDiagnostics, storedProfilesDiagnostics } from "./smart-charging-diagnostics.ts";
import { SmartCharging } from "./smart-charging.ts";

/**
 * OCPP 1.6 Smart Charging (SPEC-DIGEST §14): SetChargingProfile, ClearChargingProfile and
 * GetCompositeSchedule, profiles kept in their own table, and the limit applied on the pilot.
 */
export const smartCharging = defineProfile<SmartCharging>({
  name: "SmartCharging",
  isFeatureProfile: true,
  keys: smartChargingKeys,
  create: ({ database, clock, configuration, log, hardware, core, stores }) =>
    new SmartCharging({
      store: new ChargingProfileRepo(database),
      clock,
      configuration,
      log,
      connectors: hardware.connectors.map(({ connectorId, maxCurrentA, phases }) => ({ connectorId, maxCurrentA, phases })),
      transactions: () =>
        core.sessions.connectors.flatMap((s) => (s.phase.kind === "transaction" ? [{ connectorId: s.id, localTxId: s.phase.tx.localTxId, startedAt: s.phase.tx.startedAt }] : [])),
      transactionIdOf: (localTxId) => stores.outbox.transactionIdOf(localTxId),
    }),
  handlers: [setChargingProfile, clearChargingProfile, getCompositeSchedule],
  hooks: (service) => ({
    currentLimiter: service.limits,
    transactionObserver: { started: (tx) => service.transactionStarted(tx), stopped: (tx) => service.transactionStopped(tx) },
    remoteStartObserver: {
      refusal: ({ connectorId, chargingProfile }) => service.remoteStartRefusal(connectorId, chargingProfile),
      accepted: ({ idTag, chargingProfile }, connectorId) => service.remoteStartAccepted(connectorId, idTag, chargingProfile),
    },
  }),
  diagnostics: {
    live: (service): ProfileDiagnostics => limitsDiagnostics(service),
    stored: (database) => storedProfilesDiagnostics(new ChargingProfileRepo(database).all()),
  },
  start: (service) => service.limits.refresh(),
  stop: (service) => service.limits.stop(),
});
