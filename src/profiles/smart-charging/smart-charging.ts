import type { ChargingProfile, ChargingRateUnit } from "../../messages/charging-profile.ts";
import type { ClearChargingProfileRequest } from "../../messages/clear-charging-profile.ts";
import type { GetCompositeScheduleResponse } from "../../messages/get-composite-schedule.ts";
import { sameIdTag } from "../../station/authorization/id-tag.ts";
import type { Configuration } from "../../station/configuration/configuration.ts";
import type { StartedTransaction } from "../../station/hooks.ts";
import type { Clock, Log } from "../../station/ports.ts";
import { type AppliedLimit, AppliedLimits } from "./applied-limits.ts";
import type { ChargingProfileStore } from "./charging-profile-repo.ts";
import { type CompositeInput, compositeSchedule, type ConnectorRating, type InstalledProfile, type RunningTransaction } from "./composite-schedule.ts";
import { allowedUnits, scheduleRefusal } from "./profile-rules.ts";

type Options = {
  store: ChargingProfileStore;
  clock: Clock;
  configuration: Pick<Configuration, "integer" | "list">;
  log: Log;
  connectors: readonly ConnectorRating[];
  /** The transaction running on each connector now, as the core has it. */
  transactions(): RunningTransaction[];
  /** The Central System's id of one of our transactions, once it answered the StartTransaction. */
  transactionIdOf(localTxId: number): number | undefined;
};

export type SetOutcome = { status: "Accepted" } | { status: "Rejected"; reason: string };

/** The longest GetCompositeSchedule answered: 31 days (a longer one is Rejected, "unable", §14.5). */
export const maxCompositeDurationSec = 31 * 24 * 3600;

/**
 * The Smart Charging profile's service (SPEC-DIGEST §14): the installed profiles (kept in the store,
 * mirrored here), their replacement and clearing, the composite schedule, and the limits the energy path obeys.
 */
export class SmartCharging {
  readonly limits: AppliedLimits;
  private installed: InstalledProfile[];
  /** A RemoteStartTransaction's TxProfile, waiting for the transaction it starts (§10.1). */
  private readonly awaiting = new Map<number, { idTag: string; profile: ChargingProfile; untilMs: number }>();

  constructor(private readonly options: Options) {
    const stored = options.store.all();
    // E3.37: a TxProfile dies with its transaction; none runs while the station is being built.
    const orphans = stored.filter((p) => p.profile.chargingProfilePurpose === "TxProfile");
    this.installed = stored.filter((p) => p.profile.chargingProfilePurpose !== "TxProfile");
    this.forget(orphans.map((p) => p.profile.chargingProfileId), "its transaction is over");
    this.limits = new AppliedLimits({ clock: options.clock, log: options.log, connectorIds: options.connectors.map((c) => c.connectorId), input: () => this.input() });
  }

  get profiles(): readonly InstalledProfile[] {
    return this.installed;
  }

  /** Each connector's limit worked out afresh (diag), the same way the energy path gets it. */
  limitsNow(): ReadonlyMap<number, AppliedLimit> {
    return this.limits.compute(this.input(), this.options.clock.now().getTime());
  }

  hasConnector(connectorId: number): boolean {
    return connectorId === 0 || this.options.connectors.some((c) => c.connectorId === connectorId);
  }

  /** SetChargingProfile (§14.1, §14.2, §14.4); the caller has checked the connectorId. */
  set(connectorId: number, profile: ChargingProfile): SetOutcome {
    const refusal = this.refusal(connectorId, profile);
    if (refusal) return this.rejected(connectorId, profile, refusal);
    const localTxId = profile.chargingProfilePurpose === "TxProfile" ? this.transactionOn(connectorId)!.localTxId : null;
    try {
      this.install({ connectorId, profile, localTxId });
    } catch (error) {
      this.options.log.error("charging profile not installed: it could not be stored", { chargingProfileId: profile.chargingProfileId, error });
      return { status: "Rejected", reason: "the store failed" };
    }
    return { status: "Accepted" };
  }

  /** ClearChargingProfile (§14.6): by id alone, else every profile matching all the criteria given. */
  clear(request: ClearChargingProfileRequest): "Accepted" | "Unknown" {
    const matches = (p: InstalledProfile) =>
      request.id !== undefined
        ? p.profile.chargingProfileId === request.id
        : (request.connectorId === undefined || p.connectorId === request.connectorId) &&
          (request.chargingProfilePurpose === undefined || p.profile.chargingProfilePurpose === request.chargingProfilePurpose) &&
          (request.stackLevel === undefined || p.profile.stackLevel === request.stackLevel);
    const cleared = this.installed.filter(matches).map((p) => p.profile.chargingProfileId);
    if (cleared.length === 0) return "Unknown";
    this.options.store.remove(cleared);
    this.installed = this.installed.filter((p) => !cleared.includes(p.profile.chargingProfileId));
    this.options.log.info("charging profiles cleared", { chargingProfileIds: cleared.join(",") });
    this.limits.refresh();
    return "Accepted";
  }

  /** GetCompositeSchedule (§14.5): Rejected for a connector the station lacks or a duration it will not work out. */
  composite(connectorId: number, durationSec: number, unit: ChargingRateUnit | undefined): GetCompositeScheduleResponse {
    if (!this.hasConnector(connectorId) || durationSec < 0 || durationSec > maxCompositeDurationSec) return { status: "Rejected" };
    const schedule = compositeSchedule(this.input(), { connectorId, durationSec, unit: unit ?? "A" }, this.options.clock.now());
    if (!schedule) return { status: "Rejected" };
    // E3.57: the answer carries no startSchedule; its periods count from scheduleStart.
    return { status: "Accepted", connectorId, scheduleStart: schedule.scheduleStart.toISOString(), chargingSchedule: schedule.chargingSchedule };
  }

  /** §10.1 [impl]: a RemoteStartTransaction's profile must be a TxProfile without transactionId, and installable. */
  remoteStartRefusal(connectorId: number | undefined, profile: ChargingProfile | undefined): string | undefined {
    if (!profile) return undefined;
    if (profile.chargingProfilePurpose !== "TxProfile") return `a remote start's chargingProfile must be a TxProfile, not ${profile.chargingProfilePurpose}`;
    if (profile.transactionId !== undefined) return "a remote start's chargingProfile carries no transactionId";
    return scheduleRefusal(profile, this.scheduleLimits) ?? this.capacityRefusal(connectorId ?? 1, profile);
  }

  /** The remote start was accepted on this connector: its TxProfile waits for the transaction (within ConnectionTimeOut). */
  remoteStartAccepted(connectorId: number, idTag: string, profile: ChargingProfile | undefined): void {
    this.awaiting.delete(connectorId);
    if (!profile) return;
    const untilMs = this.options.clock.now().getTime() + this.options.configuration.integer("ConnectionTimeOut") * 1000 + 1000;
    this.awaiting.set(connectorId, { idTag, profile, untilMs });
  }

  transactionStarted(tx: StartedTransaction): void {
    const awaiting = this.awaiting.get(tx.connectorId);
    this.awaiting.delete(tx.connectorId);
    if (awaiting && sameIdTag(awaiting.idTag, tx.idTag) && this.options.clock.now().getTime() <= awaiting.untilMs) {
      try {
        this.install({ connectorId: tx.connectorId, profile: awaiting.profile, localTxId: tx.localTxId });
      } catch (error) {
        // It applies all the same: a TxProfile ends with its transaction, which a power loss ends too.
        this.options.log.error("remote start's charging profile could not be stored; it applies to this transaction only in memory", { error });
        this.installed.push({ connectorId: tx.connectorId, profile: awaiting.profile, localTxId: tx.localTxId });
      }
    }
    this.limits.refresh();
  }

  /** §14.1: a TxProfile ceases with its transaction and is deleted. */
  transactionStopped(tx: { localTxId: number }): void {
    const ended = this.installed.filter((p) => p.localTxId === tx.localTxId).map((p) => p.profile.chargingProfileId);
    this.installed = this.installed.filter((p) => p.localTxId !== tx.localTxId);
    this.forget(ended, "its transaction ended");
    this.limits.refresh();
  }

  private input(): CompositeInput {
    return { profiles: this.installed, transactions: this.options.transactions(), connectors: this.options.connectors };
  }

  private transactionOn(connectorId: number): RunningTransaction | undefined {
    return this.options.transactions().find((tx) => tx.connectorId === connectorId);
  }

  private get scheduleLimits() {
    const { configuration } = this.options;
    return {
      maxStackLevel: configuration.integer("ChargeProfileMaxStackLevel"),
      maxPeriods: configuration.integer("ChargingScheduleMaxPeriods"),
      allowedUnits: allowedUnits(configuration.list("ChargingScheduleAllowedChargingRateUnit")),
    };
  }

  /** §14.1, §14.4 (C§3.13.1): purpose and connector, the transaction of a TxProfile, then the schedule and capacity. */
  private refusal(connectorId: number, profile: ChargingProfile): string | undefined {
    const purpose = profile.chargingProfilePurpose;
    if (purpose === "ChargePointMaxProfile" && connectorId !== 0) return "a ChargePointMaxProfile is for connector 0 only";
    if (purpose === "TxProfile") {
      if (connectorId === 0) return "a TxProfile is for a connector, not 0";
      const tx = this.transactionOn(connectorId);
      if (!tx) return `no transaction runs on connector ${connectorId}`;
      // C§5.16: the transactionId names the transaction; [impl] another one is refused.
      const transactionId = this.options.transactionIdOf(tx.localTxId);
      if (profile.transactionId !== undefined && profile.transactionId !== transactionId) {
        return `transaction ${profile.transactionId} does not run on connector ${connectorId}${transactionId === undefined ? "" : ` (${transactionId} does)`}`;
      }
    } else if (profile.transactionId !== undefined) return `a ${purpose} carries no transactionId`;
    return scheduleRefusal(profile, this.scheduleLimits) ?? this.capacityRefusal(connectorId, profile);
  }

  private capacityRefusal(connectorId: number, profile: ChargingProfile): string | undefined {
    const max = this.options.configuration.integer("MaxChargingProfilesInstalled");
    const kept = this.installed.length - this.replacedBy(connectorId, profile).length;
    return kept + 1 > max ? `${max} profiles are installed (MaxChargingProfilesInstalled)` : undefined;
  }

  /** §14.2: the same chargingProfileId, or the same stackLevel and purpose on the same connector. */
  private replacedBy(connectorId: number, profile: ChargingProfile): number[] {
    return this.installed
      .filter(
        (p) =>
          p.profile.chargingProfileId === profile.chargingProfileId ||
          (p.connectorId === connectorId && p.profile.stackLevel === profile.stackLevel && p.profile.chargingProfilePurpose === profile.chargingProfilePurpose),
      )
      .map((p) => p.profile.chargingProfileId);
  }

  /** Stored first; until then the profiles in force stay as they were (§14.2: keep executing the old one). */
  private install(installed: InstalledProfile): void {
    const { profile, connectorId } = installed;
    const replaced = this.replacedBy(connectorId, profile);
    this.options.store.install(installed, replaced);
    this.installed = [...this.installed.filter((p) => !replaced.includes(p.profile.chargingProfileId)), installed];
    const { chargingProfileId, stackLevel, chargingProfilePurpose: purpose } = profile;
    this.options.log.info("charging profile installed", { connectorId, chargingProfileId, purpose, stackLevel, replaced: replaced.join(",") || undefined });
    this.limits.refresh();
  }

  private rejected(connectorId: number, profile: ChargingProfile, reason: string): SetOutcome {
    this.options.log.info("charging profile rejected", { connectorId, chargingProfileId: profile.chargingProfileId, reason });
    return { status: "Rejected", reason };
  }

  /** Deleted from the store; a failure is logged (the profile no longer applies, and the next start deletes it). */
  private forget(chargingProfileIds: number[], why: string): void {
    if (chargingProfileIds.length === 0) return;
    try {
      this.options.store.remove(chargingProfileIds);
      this.options.log.info("charging profiles deleted", { chargingProfileIds: chargingProfileIds.join(","), why });
    } catch (error) {
      this.options.log.error("charging profiles could not be deleted", { chargingProfileIds: chargingProfileIds.join(","), error });
    }
  }
}
