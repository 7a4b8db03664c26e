import { transactionDeliveryRules } from "../../station/transactions/transaction-delivery.ts";
import type { Station } from "../../station/station.ts";
import { defineProfile } from "../profile.ts";
import { changeAvailability } from "./handlers/change-availability.ts";
import { changeConfiguration } from "./handlers/change-configuration.ts";
import { clearCache } from "./handlers/clear-cache.ts";
import { dataTransfer } from "./handlers/data-transfer.ts";
import { getConfiguration } from "./handlers/get-configuration.ts";
import { remoteStartTransaction } from "./handlers/remote-start-transaction.ts";
import { remoteStopTransaction } from "./handlers/remote-stop-transaction.ts";
import { reset } from "./handlers/reset.ts";
import { unlockConnector } from "./handlers/unlock-connector.ts";
import { coreKeys } from "./keys.ts";

/** OCPP 1.6 Core: the station's own domain (src/station) is this profile's service. */
export const core = defineProfile<Station>({
  name: "Core",
  isFeatureProfile: true,
  keys: coreKeys,
  create: (context) => context.core,
  handlers: [
    changeAvailability,
    changeConfiguration,
    clearCache,
    dataTransfer,
    getConfiguration,
    remoteStartTransaction,
    remoteStopTransaction,
    reset,
    unlockConnector,
  ],
  delivery: (station) =>
    transactionDeliveryRules({
      configuration: station.configuration,
      startAnswered: (localTxId, response) => station.sessions.startAnswered(localTxId, response),
      // C§4.10: a StopTransaction.conf's idTagInfo updates the cache like any other.
      stopAnswered: (request, response) => {
        if (response.idTagInfo && request.idTag) station.authorizer.learn(request.idTag, response.idTagInfo);
      },
    }),
  keyEffects: (_station, { connection }) => ({
    WebSocketPingInterval: (value) => connection.setPingInterval(Number(value)),
  }),
});
