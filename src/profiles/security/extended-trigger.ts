import type { ExtendedMessageTrigger } from "../../messages/extended-trigger-message.ts";
import type { CallOutcome } from "../../station/ports.ts";
import type { ProfileContext } from "../profile.ts";
import { RemoteTrigger, type TriggerDecision } from "../remote-trigger/remote-trigger.ts";
import type { LogUpload } from "./log-upload.ts";
import type { StationCertificate } from "./station-certificate.ts";

/**
 * ExtendedTriggerMessage (§17.8): the rules of TriggerMessage (§15) for its whole message set. The
 * messages TriggerMessage knows are decided as it decides them; FirmwareStatusNotification is answered
 * with SignedFirmwareStatusNotification (Idle unless a profile runs a signed update, L01.FR.28–29),
 * LogStatusNotification with where GetLog stands, SignChargePointCertificate with a new CSR (A02).
 */
export class ExtendedTrigger {
  private readonly remoteTrigger: RemoteTrigger;

  constructor(private readonly context: ProfileContext, private readonly logUpload: LogUpload, private readonly stationCertificate: StationCertificate) {
    this.remoteTrigger = new RemoteTrigger(context);
  }

  decide(requestedMessage: ExtendedMessageTrigger, connectorId: number | undefined): TriggerDecision {
    // S§6.14: a connectorId, when given, is a connector (> 0).
    if (connectorId !== undefined && connectorId <= 0) return { status: "Rejected" };
    const status = this.context.core.registration.status;
    if (requestedMessage !== "BootNotification" && status !== "Accepted" && status !== "Pending") return { status: "Rejected" };
    switch (requestedMessage) {
      case "FirmwareStatusNotification":
        return this.send("SignedFirmwareStatusNotification", () => this.context.hooks.transferStatus("SignedFirmwareStatusNotification"));
      case "LogStatusNotification":
        return this.send("LogStatusNotification", () => this.logUpload.status());
      case "SignChargePointCertificate":
        if (!this.context.configuration.get("CpoName")) return { status: "Rejected" };
        return { status: "Accepted", send: async () => void (await this.stationCertificate.requestSignature("ExtendedTriggerMessage")) };
      default:
        return this.remoteTrigger.decide(requestedMessage, connectorId);
    }
  }

  /** Sent directly, never queued (as TriggerMessage's): offline the state it tells would be stale later. */
  private send(action: "SignedFirmwareStatusNotification" | "LogStatusNotification", payload: () => unknown): TriggerDecision {
    return {
      status: "Accepted",
      send: async () => {
        const outcome: CallOutcome<unknown> = await this.context.csms.call(action, payload() as never);
        if (outcome.kind !== "ok") this.context.log.info("triggered message not delivered", { action, outcome: outcome.kind });
      },
    };
  }
}
