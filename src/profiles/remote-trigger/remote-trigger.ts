import * as v from "valibot";
import { MessageTrigger, type TriggerMessageStatus } from "../../messages/trigger-message.ts";
import type { MeterValuesRequest } from "../../messages/meter-values.ts";
import type { CallOutcome } from "../../station/ports.ts";
import type { ProfileContext } from "../profile.ts";

/** Decided when the TriggerMessage arrives; an Accepted one sends once its answer has left (§15). */
export type TriggerDecision = { status: Exclude<TriggerMessageStatus, "Accepted"> } | { status: "Accepted"; send(): Promise<void> };

const rejected: TriggerDecision = { status: "Rejected" };
const accepted = (send: () => Promise<unknown>): TriggerDecision => ({ status: "Accepted", send: async () => void (await send()) });

/**
 * The Remote Trigger profile (SPEC-DIGEST §15): the Central System asks for a message and gets the
 * current state. Triggered messages are sent directly, never queued: offline they are dropped, as a
 * later copy would no longer tell the current state.
 */
export class RemoteTrigger {
  private readonly triggers: Record<MessageTrigger, (connectorId: number | undefined) => TriggerDecision> = {
    BootNotification: () => this.bootNotification(),
    DiagnosticsStatusNotification: () => this.transferStatus("DiagnosticsStatusNotification"),
    FirmwareStatusNotification: () => this.transferStatus("FirmwareStatusNotification"),
    Heartbeat: () => accepted(() => this.context.core.heartbeat.beatNow().then((outcome) => this.logUndelivered("Heartbeat", outcome))),
    MeterValues: (connectorId) => this.meterValues(connectorId),
    StatusNotification: (connectorId) => this.statusNotification(connectorId),
  };

  constructor(private readonly context: ProfileContext) {}

  decide(requestedMessage: string, connectorId: number | undefined): TriggerDecision {
    // §15 [impl]: a message this firmware does not know is NotImplemented, not a CALLERROR.
    if (!v.is(MessageTrigger, requestedMessage)) return { status: "NotImplemented" };
    const status = this.context.core.registration.status;
    // C§4.2: before a BootNotification is Accepted or Pending the station sends nothing else of its own.
    if (requestedMessage !== "BootNotification" && status !== "Accepted" && status !== "Pending") return rejected;
    return this.triggers[requestedMessage](connectorId);
  }

  /** E3.35: once Accepted (until the next reboot) a triggered BootNotification is Rejected; while Pending it boots at once. */
  private bootNotification(): TriggerDecision {
    const { registration } = this.context.core;
    if (registration.status === "Accepted") return rejected;
    return accepted(async () => registration.bootNow());
  }

  /** §15: the current state of the upload or update, or Idle when no profile runs one (§11). */
  private transferStatus(action: "DiagnosticsStatusNotification" | "FirmwareStatusNotification"): TriggerDecision {
    return accepted(async () => {
      const outcome = await this.context.csms.call(action, this.context.hooks.transferStatus(action));
      this.logUndelivered(action, outcome.kind);
    });
  }

  /** §15: without a connectorId connector 0 and every connector; 0 is the station itself. */
  private statusNotification(connectorId: number | undefined): TriggerDecision {
    const connectorIds = connectorId === undefined ? [0, ...this.connectorIds()] : this.known(connectorId);
    if (!connectorIds) return rejected;
    return accepted(async () => {
      // Checked here: a status the reporter fails to send it would send again after the reconnect.
      if (!this.context.csms.isConnected) return this.logUndelivered("StatusNotification", "offline");
      for (const id of connectorIds) this.context.core.statuses.reportNow(id);
    });
  }

  /**
   * §15, E3.46: the latest values of every MeterValuesSampledData measurand, context Trigger; without a
   * connectorId one MeterValues per connector. Nothing configured to sample: nothing to send, Rejected.
   */
  private meterValues(connectorId: number | undefined): TriggerDecision {
    const connectorIds = connectorId === undefined ? this.connectorIds() : this.known(connectorId);
    if (!connectorIds || this.context.configuration.list("MeterValuesSampledData").length === 0) return rejected;
    return accepted(() => Promise.all(connectorIds.map((id) => this.sendMeterValues(id))));
  }

  private async sendMeterValues(connectorId: number): Promise<void> {
    const { core, csms } = this.context;
    const transactionId = this.transactionIdOn(connectorId);
    const payload: MeterValuesRequest = { connectorId, ...(transactionId === undefined ? {} : { transactionId }), meterValue: [core.metering.triggered(connectorId)] };
    this.logUndelivered("MeterValues", (await csms.call("MeterValues", payload)).kind);
  }

  /** The Central System's id of the transaction on the connector, once its StartTransaction was answered. */
  private transactionIdOn(connectorId: number): number | undefined {
    const phase = this.context.core.sessions.connector(connectorId)?.phase;
    return phase?.kind === "transaction" ? this.context.stores.outbox.transactionIdOf(phase.tx.localTxId) : undefined;
  }

  private connectorIds(): number[] {
    return this.context.hardware.connectors.map((connector) => connector.connectorId);
  }

  /** [impl] §15: an unknown connectorId is Rejected. */
  private known(connectorId: number): number[] | undefined {
    return connectorId === 0 || this.connectorIds().includes(connectorId) ? [connectorId] : undefined;
  }

  /** A triggered message is never queued: one that did not reach the Central System is gone. */
  private logUndelivered(action: string, outcome: CallOutcome<unknown>["kind"]): void {
    if (outcome === "offline") this.context.log.info("triggered message dropped: offline", { action });
    else if (outcome !== "ok") this.context.log.warn("triggered message not answered", { action, outcome });
  }
}
