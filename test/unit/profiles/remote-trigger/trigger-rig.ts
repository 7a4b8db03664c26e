import type { CallOutcome } from "../../../../src/station/ports.ts";
import { centralSystemLink } from "../../../support/central-system-link.ts";
import { recordingLogger } from "../../../support/ocpp-test-catalog.ts";
import { stationRig } from "../../../support/station-rig.ts";

type RigOptions = NonNullable<Parameters<typeof stationRig>[0]>;

/** A BootNotification.conf with this status, as the rig's Central System answers it. */
export const bootAnswer = (status: "Accepted" | "Pending", currentTime: string): CallOutcome<unknown> => ({ kind: "ok", payload: { status, currentTime, interval: 300 } });

/**
 * The station rig with the firmware's profiles, an OCPP client on a fake link for the CALLs of the
 * Central System, and the log lines. `isBooted: false` leaves the start and the connection to the test.
 */
export async function triggerRig(options: RigOptions & { isBooted?: boolean } = {}) {
  const logged = recordingLogger();
  const rig = stationRig({ log: logged.log, ...options });
  if (options.isBooted ?? true) await rig.boot();
  const { link, exchange } = centralSystemLink(rig);
  /** TriggerMessage; resolves with the status answered. */
  const trigger = async (requestedMessage: string, connectorId?: number) => {
    const frame = await exchange("TriggerMessage", connectorId === undefined ? { requestedMessage } : { requestedMessage, connectorId });
    if (frame?.[0] !== 3) throw new Error(`TriggerMessage answered ${JSON.stringify(frame)}`);
    return (frame[2] as { status: string }).status;
  };
  return { rig, link, exchange, trigger, logLines: logged.lines };
}
