import type { Security } from "../../../../src/profiles/security/security.ts";
import { centralSystemLink } from "../../../support/central-system-link.ts";
import { recordingLogger } from "../../../support/ocpp-test-catalog.ts";
import { stationRig } from "../../../support/station-rig.ts";

type RigOptions = NonNullable<Parameters<typeof stationRig>[0]>;

/** The station rig with the firmware's profiles, booted, the Security service at hand, and the Central System's CALLs. */
export async function securityRig(options: RigOptions & { isBooted?: boolean } = {}) {
  const logged = recordingLogger();
  const rig = stationRig({ log: logged.log, ...options });
  const security = rig.built.services.get("Security") as Security;
  if (options.isBooted ?? true) await rig.boot();
  const { link, exchange } = centralSystemLink(rig);
  /** A CALL of the Central System; resolves with the CALLRESULT's payload, throws on a CALLERROR. */
  const request = async (action: string, payload: unknown): Promise<any> => {
    const frame = await exchange(action, payload);
    if (frame?.[0] !== 3) throw new Error(`${action} answered ${JSON.stringify(frame)}`);
    return frame[2];
  };
  /** The SecurityEventNotifications the Central System received, as type: techInfo. */
  const events = () => rig.payloadsOf("SecurityEventNotification").map((p) => `${p.type}${p.techInfo === undefined ? "" : `: ${p.techInfo}`}`);
  return { rig, security, link, exchange, request, events, logLines: logged.lines };
}
