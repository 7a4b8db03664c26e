import { defineProfile } from "../profile.ts";
import { deliveryRule } from "../../station/delivery/delivery-rule.ts";
import { firmwareDiagnostics } from "./firmware-diagnostics.ts";
import { FirmwareManagement } from "./firmware-management.ts";
import { FirmwareRepo } from "./firmware-repo.ts";
import { getDiagnostics } from "./handlers/get-diagnostics.ts";
import { updateFirmware } from "./handlers/update-firmware.ts";
import { firmwareKeys } from "./keys.ts";

/** A status notification that the Central System refuses (CALLERROR) is tried again, then given up: the next status tells more. */
const statusAttempts = 3;
const statusRetryMs = 10_000;

/**
 * OCPP 1.6 Firmware Management (SPEC-DIGEST §11): UpdateFirmware and GetDiagnostics, their status
 * notifications on the durable queue, the update path of a signed update (§17.7, through the seam), and the station's own executable replaced safely, with an
 * automatic rollback (src/profiles/firmware-management/README.md).
 */
export const firmwareManagement = defineProfile<FirmwareManagement>({
  name: "FirmwareManagement",
  isFeatureProfile: true,
  keys: firmwareKeys,
  create: (context) => new FirmwareManagement(context),
  handlers: [updateFirmware, getDiagnostics],
  delivery: () =>
    (["FirmwareStatusNotification", "SignedFirmwareStatusNotification", "DiagnosticsStatusNotification"] as const).map((action) =>
      deliveryRule({ action, maxAttempts: () => statusAttempts, retryDelayMs: (attempts) => attempts * statusRetryMs, carriesTransactionId: false }),
    ),
  hooks: (firmware) => ({
    transferStatus: {
      FirmwareStatusNotification: () => ({ status: firmware.update.status }),
      SignedFirmwareStatusNotification: () => firmware.update.signedStatus,
      DiagnosticsStatusNotification: () => ({ status: firmware.diagnostics.status }),
    },
    // §17.7: the Security profile answers SignedUpdateFirmware and hands the update to this path.
    firmwareUpdater: firmware.update,
  }),
  diagnostics: {
    live: (firmware) =>
      firmwareDiagnostics({
        isRunning: true,
        ...firmware.update.install.state,
        holdReason: firmware.context.core.availability.holdReason,
        update: firmware.update.record,
        upload: firmware.diagnostics.record,
      }),
    stored: (database) => {
      const repo = new FirmwareRepo(database);
      const executable = process.argv[1]?.startsWith("/$bunfs/") ? process.execPath : undefined;
      return firmwareDiagnostics({ isRunning: false, executable, trial: undefined, holdReason: undefined, update: repo.update(), upload: repo.upload() });
    },
  },
  start: (firmware) => firmware.start(),
  stop: (firmware) => firmware.stop(),
});
