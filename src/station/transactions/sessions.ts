import type { StartTransactionResponse } from "../../messages/start-transaction.ts";
import type { Reason } from "../../messages/stop-transaction.ts";
import type { Authorizer } from "../authorization/authorizer.ts";
import { sameIdTag, sameParentIdTag } from "../authorization/id-tag.ts";
import type { Configuration } from "../configuration/configuration.ts";
import type { ConnectorHardware, PilotState } from "../hardware-ports.ts";
import type { RemoteStartRequest, StartRequester, StationHooks } from "../hooks.ts";
import type { Clock, Log, Outbox } from "../ports.ts";
import { type ConnectorSession, isEvConnected, isWaitingForTag, leavePhase, type PendingAuthorization } from "./connector-session.ts";
import type { TransactionControl } from "./transaction-control.ts";

type Options = {
  clock: Clock;
  configuration: Configuration;
  authorizer: Authorizer;
  outbox: Pick<Outbox, "transactionIdOf">;
  control: TransactionControl;
  hooks: StationHooks;
  log: Log;
  /** Operative and not faulted. */
  mayStartOn(connectorId: number): boolean;
  changed(session: ConnectorSession): void;
};

/** Why a card is refused on a connector a claim holds for someone else. */
const heldElsewhere = "the connectors it could use are reserved for another user";

/** A remote command's answer, and what it does once the answer has left (§10.1: the answer comes first). */
export type RemoteDecision = { status: "Rejected" } | { status: "Accepted"; proceed(): void };

/**
 * The charging sessions of all connectors: what a card, a plug, an unplug and the Central System's
 * remote commands do (SPEC-DIGEST §6.2, §7, §8, §10.1–10.2). One reader serves both connectors.
 */
export class Sessions {
  readonly connectors: ConnectorSession[];

  constructor(hardware: readonly ConnectorHardware[], private readonly options: Options) {
    this.connectors = hardware.map((hw) => ({ id: hw.connectorId, hw, phase: { kind: "idle" } }));
  }

  connector(connectorId: number): ConnectorSession | undefined {
    return this.connectors.find((session) => session.id === connectorId);
  }

  hasTransaction(connectorId: number): boolean {
    return this.connector(connectorId)?.phase.kind === "transaction";
  }

  /** The pilot moved: plug, unplug, or the EV starting or stopping to ask for energy. */
  pilotChanged(connectorId: number, previous: PilotState | null): void {
    const session = this.connector(connectorId);
    if (!session) return;
    const wasConnected = previous === "B" || previous === "C" || previous === "D";
    const isConnected = isEvConnected(session);
    if (isConnected && !wasConnected) this.plugged(session);
    else if (!isConnected && wasConnected) this.unplugged(session);
    else if (session.phase.kind === "transaction") this.options.control.applyEnergy(session);
    else this.options.changed(session);
  }

  /** A card at the (shared) reader. */
  async cardPresented(idTag: string): Promise<void> {
    const own = this.connectors.find((s) => s.phase.kind === "transaction" && sameIdTag(s.phase.tx.idTag, idTag));
    if (own) return this.options.control.stop(own, "Local", idTag); // C§4.1: the starting tag stops without Authorize
    const again = this.connectors.find((s) => s.phase.kind === "preparing" && s.phase.authorization && sameIdTag(s.phase.authorization.idTag, idTag));
    if (again && !isEvConnected(again)) return this.toIdle(again, "the same card was presented again"); // B1
    if (this.isHeldAgainst(idTag)) return this.refuseCard(idTag, { why: heldElsewhere });
    const decision = await this.options.authorizer.authorize(idTag);
    if (!decision.isAccepted) return this.refuseCard(idTag, { status: decision.idTagInfo.status, source: decision.source });
    const authorization = { idTag, parentIdTag: decision.idTagInfo.parentIdTag, isRemote: false };
    const waiting = this.claimedFirst(authorization).find((s) => s.phase.kind === "preparing" && !s.phase.authorization && isEvConnected(s));
    if (waiting) return this.options.control.start(waiting, authorization);
    // A different card of the same group stops a running transaction (C§3.10).
    const grouped = this.connectors.find((s) => s.phase.kind === "transaction" && sameParentIdTag(s.phase.parentIdTag, authorization.parentIdTag));
    if (grouped) return this.options.control.stop(grouped, "Local", idTag);
    const free = this.claimedFirst(authorization).find((s) => s.phase.kind === "idle" && this.options.mayStartOn(s.id));
    if (!free) return this.refuseCard(idTag, { why: this.startable().some((s) => this.isHeld(s)) ? heldElsewhere : "no connector is free" });
    this.prepare(free, authorization);
    // An EV plugged in while nothing could start (a claim held it, a full storage, Inoperative) is already
    // there: the transaction starts once its Preparing has gone out (RS-Authorized, then StartTransaction).
    if (isEvConnected(free)) {
      this.options.clock.after(0, () => {
        if (free.phase.kind === "preparing" && free.phase.authorization === authorization && isEvConnected(free)) this.options.control.start(free, authorization);
      });
    }
  }

  /**
   * RemoteStartTransaction (§10.1): decided now; the authorization and the start follow the answer (RS-Charging).
   * A profile may refuse it (a chargingProfile it cannot take) and hears where an accepted one prepares.
   */
  remoteStart(idTag: string, connectorId: number | undefined, chargingProfile?: RemoteStartRequest["chargingProfile"]): RemoteDecision {
    const request: RemoteStartRequest = { idTag, connectorId, chargingProfile };
    const known = this.options.authorizer.knownIdTagInfo(idTag);
    const requester = { idTag, parentIdTag: known?.parentIdTag };
    const isParentKnown = known !== undefined;
    const session = connectorId === undefined ? this.remoteStartTarget(requester, isParentKnown) : this.connector(connectorId);
    if (!session || !this.mayRemoteStartOn(session, requester, isParentKnown)) return { status: "Rejected" };
    const refusal = this.options.hooks.remoteStartRefusal(request);
    if (refusal !== undefined) {
      this.options.log.info("remote start refused", { connectorId: session.id, idTag, reason: refusal });
      return { status: "Rejected" };
    }
    return {
      status: "Accepted",
      proceed: () => {
        if (!this.mayRemoteStartOn(session, requester, isParentKnown)) return this.options.log.info("remote start overtaken before it began", { connectorId: session.id, idTag });
        // RS-Charging steps 5–6: an EV already waiting (a claim held it) shows its Preparing before the tag is authorized.
        const isEvWaiting = session.phase.kind === "idle" && isEvConnected(session);
        this.prepare(session, undefined, true);
        this.options.hooks.tellRemoteStartAccepted(request, session.id);
        if (isEvWaiting) this.options.clock.after(0, () => void this.authorizeRemote(session, idTag));
        else void this.authorizeRemote(session, idTag);
      },
    };
  }

  /** RemoteStopTransaction (§10.2): decided now; the stop is recorded once the answer has left. */
  remoteStop(transactionId: number): RemoteDecision {
    const session = this.connectors.find(
      (s) => s.phase.kind === "transaction" && this.options.outbox.transactionIdOf(s.phase.tx.localTxId) === transactionId,
    );
    if (session?.phase.kind !== "transaction") return { status: "Rejected" };
    const { localTxId } = session.phase.tx;
    return {
      status: "Accepted",
      proceed: () => {
        if (session.phase.kind === "transaction" && session.phase.tx.localTxId === localTxId) this.options.control.stop(session, "Remote");
      },
    };
  }

  /** A claim ended: an EV it kept waiting on a free connector now waits for a tag, as if just plugged in. */
  claimsChanged(): void {
    for (const session of this.connectors) {
      if (session.phase.kind === "idle" && isEvConnected(session) && this.options.mayStartOn(session.id) && !this.isHeld(session)) this.prepare(session, undefined);
    }
  }

  /** Stops every running transaction, e.g. before a reset. */
  stopAll(reason: Reason): void {
    for (const session of this.connectors) this.options.control.stop(session, reason);
  }

  /** StartTransaction.conf (C§4.8, §7.5): learn the tag; a refused tag ends or suspends the energy. */
  startAnswered(localTxId: number | null, response: StartTransactionResponse): void {
    const session = this.connectors.find((s) => s.phase.kind === "transaction" && s.phase.tx.localTxId === localTxId);
    const phase = session?.phase;
    if (phase?.kind !== "transaction") return;
    this.options.authorizer.learn(phase.tx.idTag, response.idTagInfo);
    phase.parentIdTag = response.idTagInfo.parentIdTag ?? phase.parentIdTag;
    if (response.idTagInfo.status !== "Accepted") this.options.control.deauthorize(session!);
  }

  private plugged(session: ConnectorSession): void {
    const phase = session.phase;
    if (phase.kind === "transaction") return this.options.control.applyEnergy(session); // §6.3: any EV plugged in again resumes
    if (phase.kind === "preparing" && phase.authorization) return this.options.control.start(session, phase.authorization);
    // Card first, but the EV was plugged into the other connector: the authorization moves here.
    const elsewhere = this.connectors.find((s) => s !== session && s.phase.kind === "preparing" && s.phase.authorization && !isEvConnected(s));
    if (
      elsewhere?.phase.kind === "preparing" && elsewhere.phase.authorization && phase.kind === "idle" &&
      this.options.mayStartOn(session.id) && this.isAdmitted(session, elsewhere.phase.authorization)
    ) {
      const authorization = elsewhere.phase.authorization;
      this.toIdle(elsewhere, "the EV was plugged into another connector");
      return this.options.control.start(session, authorization);
    }
    // A connector held for someone (a reservation) stays Reserved with the EV until an admitted tag comes.
    if (phase.kind === "idle" && this.options.mayStartOn(session.id) && !this.isHeld(session)) return this.prepare(session, undefined);
    this.options.changed(session);
  }

  private unplugged(session: ConnectorSession): void {
    const phase = session.phase;
    if (phase.kind === "transaction") {
      if (this.options.configuration.boolean("StopTransactionOnEVSideDisconnect")) return this.options.control.stop(session, "EVDisconnected");
      return this.options.control.applyEnergy(session); // §6.3: the transaction stays, SuspendedEV "EV side disconnected"
    }
    if (phase.kind === "finishing" || (phase.kind === "preparing" && !phase.authorization && !phase.isAuthorizing)) {
      return this.toIdle(session, "the EV was unplugged");
    }
    this.options.changed(session);
  }

  /** Preparing until the other half arrives or ConnectionTimeOut passes (C§9.1.6, E3.20 B6). */
  private prepare(session: ConnectorSession, authorization: PendingAuthorization | undefined, isAuthorizing = false): void {
    leavePhase(session);
    const timeoutMs = this.options.configuration.integer("ConnectionTimeOut") * 1000;
    const cancelTimeout = this.options.clock.after(timeoutMs, () => this.timedOut(session));
    session.phase = { kind: "preparing", authorization, isAuthorizing, cancelTimeout };
    this.options.changed(session);
  }

  private timedOut(session: ConnectorSession): void {
    if (session.phase.kind !== "preparing") return;
    this.options.log.info("connection timeout: no transaction started", { connectorId: session.id });
    // E3.20 B6: plugged but never authorized → Finishing, so a later card cannot start on it; a held connector waits on.
    if (isEvConnected(session) && !session.phase.authorization && !this.isHeld(session)) session.phase = { kind: "finishing" };
    else session.phase = { kind: "idle" };
    this.options.changed(session);
  }

  private async authorizeRemote(session: ConnectorSession, idTag: string): Promise<void> {
    const decision = await this.options.authorizer.authorize(idTag, { purpose: "remoteStart" });
    const parentIdTag = decision.source === "remoteStartUnchecked" ? await this.learnParent(session, idTag) : decision.idTagInfo.parentIdTag;
    if (session.phase.kind !== "preparing" || !session.phase.isAuthorizing) return;
    const authorization = { idTag, parentIdTag, isRemote: true };
    if (!decision.isAccepted || !this.isAdmitted(session, authorization)) {
      this.options.log.info("remote start refused", { connectorId: session.id, idTag, status: decision.idTagInfo.status });
      if (!isEvConnected(session)) return this.toIdle(session, "remote start refused");
      return this.isHeld(session) ? this.toIdle(session, "remote start refused; the EV waits for the reserved tag") : this.prepare(session, undefined);
    }
    if (isEvConnected(session)) return this.options.control.start(session, authorization);
    session.phase.authorization = authorization;
    session.phase.isAuthorizing = false;
  }

  /** Without a connectorId: the connector an EV waits on, else the first free one. */
  private remoteStartTarget(requester: StartRequester, isParentKnown: boolean): ConnectorSession | undefined {
    const waiting = this.connectors.find((s) => s.phase.kind === "preparing" && !s.phase.authorization && isEvConnected(s) && this.isAdmitted(s, requester, isParentKnown));
    return waiting ?? this.claimedFirst(requester, isParentKnown).find((s) => s.phase.kind === "idle" && this.options.mayStartOn(s.id));
  }

  private mayRemoteStartOn(session: ConnectorSession, requester: StartRequester, isParentKnown: boolean): boolean {
    if (!this.options.mayStartOn(session.id) || !this.isAdmitted(session, requester, isParentKnown)) return false;
    return session.phase.kind === "idle" || isWaitingForTag(session);
  }

  /**
   * A connector a profile holds (a reservation) admits only its own requesters. While a tag's parentIdTag
   * is not known (neither local list nor cache has the tag), a claim for a group may still admit it (§13.1).
   */
  private isAdmitted(session: ConnectorSession, requester: StartRequester, isParentKnown = true): boolean {
    const claim = this.options.hooks.claimOn(session.id);
    return !claim || claim.admits(requester) || (claim.isForGroup && !isParentKnown);
  }

  private isHeld(session: ConnectorSession): boolean {
    return this.options.hooks.claimOn(session.id) !== undefined;
  }

  /** The connectors this requester may use, the ones held for them first. */
  private claimedFirst(requester: StartRequester, isParentKnown = true): ConnectorSession[] {
    const usable = this.connectors.filter((s) => this.isAdmitted(s, requester, isParentKnown));
    return [...usable.filter((s) => this.isHeld(s)), ...usable.filter((s) => !this.isHeld(s))];
  }

  /** The connectors a new user could start on now: free, held, or with an EV waiting for a tag. */
  private startable(): ConnectorSession[] {
    return this.connectors.filter((s) => this.options.mayStartOn(s.id) && (s.phase.kind === "idle" || isWaitingForTag(s)));
  }

  /**
   * §13.1, TC_046_1 (2025-06 text: no Authorize for it): a card that no claim admits, by its idTag or by a
   * parentIdTag known locally, while every connector it could start on is held, is refused without asking.
   * A card that may stop a running transaction of its group (C§3.10) is asked for.
   */
  private isHeldAgainst(idTag: string): boolean {
    if (this.connectors.some((s) => s.phase.kind === "transaction" && s.phase.parentIdTag !== undefined)) return false;
    const known = this.options.authorizer.knownIdTagInfo(idTag);
    const requester = { idTag, parentIdTag: known?.parentIdTag };
    const usable = this.startable();
    return usable.length > 0 && usable.every((s) => this.isHeld(s) && !this.isAdmitted(s, requester, known !== undefined));
  }

  /** §13.1: a claim for a group needs the tag's parentIdTag: from the local list or the cache, else from an Authorize. */
  private async learnParent(session: ConnectorSession, idTag: string): Promise<string | undefined> {
    const known = this.options.authorizer.knownIdTagInfo(idTag);
    const claim = this.options.hooks.claimOn(session.id);
    if (known || !claim?.isForGroup || claim.admits({ idTag })) return known?.parentIdTag;
    return (await this.options.authorizer.authorize(idTag)).idTagInfo.parentIdTag;
  }

  /** A card that starts and stops nothing: logged, and shown (LED) on the connectors it could have used, else on all. */
  private refuseCard(idTag: string, fields: Record<string, unknown>): void {
    const { configuration, log } = this.options;
    log.info("card refused", { idTag, ...fields });
    const light = { lightIntensityPct: configuration.integer("LightIntensity"), blinkRepeat: configuration.integer("BlinkRepeat") };
    const usable = this.startable();
    for (const session of usable.length > 0 ? usable : this.connectors) session.hw.showCardRefused(light);
  }

  private toIdle(session: ConnectorSession, why: string): void {
    leavePhase(session);
    session.phase = isEvConnected(session) && !this.isHeld(session) ? { kind: "finishing" } : { kind: "idle" };
    this.options.log.info("connector session ended", { connectorId: session.id, why });
    this.options.changed(session);
  }
}
