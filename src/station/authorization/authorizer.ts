import type { Configuration } from "../configuration/configuration.ts";
import type { AuthorizationSource } from "../hooks.ts";
import type { AuthCacheStore, AuthorizationStatus, CentralSystem, Clock, IdTagInfo, Log } from "../ports.ts";
import { sameIdTag, sameParentIdTag } from "./id-tag.ts";
import { currentIdTagInfo, toCachedIdTag, toIdTagInfo } from "./id-tag-info.ts";

/** Who decided: an entry kept on the station, the Central System, or an offline rule of §7.4 / §10.1. */
export type DecisionSource =
  | "localList"
  | "cache"
  | "centralSystem"
  /** AllowOfflineTxForUnknownId let an unknown tag start while offline. */
  | "offlineUnknownAllowed"
  /** Offline, and no rule of §7.4 lets this tag start. */
  | "offlineRejected"
  /** RemoteStartTransaction with AuthorizeRemoteTxRequests=false: the CS checks it in StartTransaction.req. */
  | "remoteStartUnchecked";

/** How a presented tag would be decided right now (diag rfid): by whom, with what status, and why. */
export type AuthorizationPreview = { source: DecisionSource; status: AuthorizationStatus | null; wouldStart: boolean | null; detail: string };

/** `idTagInfo` is what is known of the tag now; for `offlineRejected` of an unknown tag it is Invalid. */
export type AuthorizationDecision = { isAccepted: boolean; idTagInfo: IdTagInfo; source: DecisionSource };

export type AuthorizationPurpose = "start" | "remoteStart";

export type StopPermission =
  | { isAllowed: true; reason: "sameIdTag" }
  | { isAllowed: true; reason: "sameGroup"; decision: AuthorizationDecision }
  | { isAllowed: false; reason: "notAccepted" | "otherGroup"; decision: AuthorizationDecision };

export type AuthorizerOptions = {
  csms: CentralSystem;
  clock: Clock;
  configuration: Pick<Configuration, "get" | "boolean">;
  cache: AuthCacheStore;
  /** Looked up before the cache, in this order (§7.4); their tags are never cached (C§3.5.3). */
  sources: readonly AuthorizationSource[];
  log: Log;
  /** §7.2: beyond this the cache drops not-valid entries first, then the oldest valid ones. */
  maxCacheEntries?: number;
};

type LocalEntry = { source: AuthorizationSource["name"] | "cache"; idTagInfo: IdTagInfo };

const defaultMaxCacheEntries = 1000;

/** The Core profile's authorization (SPEC-DIGEST §7): local list, cache, Authorize.req and the offline rules. */
export class Authorizer {
  private readonly maxCacheEntries: number;

  constructor(private readonly options: AuthorizerOptions) {
    this.maxCacheEntries = options.maxCacheEntries ?? defaultMaxCacheEntries;
  }

  /**
   * The decision flow of §7.4 for a presented tag. A CALLERROR or timeout of Authorize.req is decided
   * like offline: the station cannot tell an unreachable CS from a broken one, and offline rules are safe.
   */
  async authorize(idTag: string, options: { purpose: AuthorizationPurpose } = { purpose: "start" }): Promise<AuthorizationDecision> {
    const { csms, configuration } = this.options;
    // §10.1, C§5.11: with AuthorizeRemoteTxRequests=false a remote start begins at once.
    if (options.purpose === "remoteStart" && !configuration.boolean("AuthorizeRemoteTxRequests")) {
      return { isAccepted: true, idTagInfo: { status: "Accepted" }, source: "remoteStartUnchecked" };
    }
    const known = this.lookup(idTag);
    if (csms.isConnected) {
      if (known && configuration.boolean("LocalPreAuthorize")) {
        const idTagInfo = currentIdTagInfo(known.idTagInfo, this.options.clock.now());
        // §7.4, C§3.5.4: LocalPreAuthorize starts a usable local entry without waiting for the CS.
        if (idTagInfo.status === "Accepted") return { isAccepted: true, idTagInfo, source: known.source };
      }
      // C§4.1, §7.2: unknown, not usable or not pre-authorized: ask the CS (a cached not-valid tag too).
      const answered = await this.askCentralSystem(idTag);
      if (answered) return answered;
    }
    return this.decideOffline(known);
  }

  /** C§4.1, C§4.8, C§4.10: every IdTagInfo received updates the cache, except for local list tags (C§3.5.3). */
  learn(idTag: string, idTagInfo: IdTagInfo): void {
    const { cache, clock, configuration, log } = this.options;
    if (!configuration.boolean("AuthorizationCacheEnabled")) return;
    if (this.lookupSources(idTag) !== undefined) return;
    try {
      cache.put(toCachedIdTag(idTag, idTagInfo, clock.now()));
      cache.trim(this.maxCacheEntries);
    } catch (error) {
      // The CS's answer stands; a stale cache entry only matters offline, where §7.4 is conservative anyway.
      log.error("authorization cache update failed", { idTag, error });
    }
  }

  /**
   * C§3.4, C§4.1, C§3.10: the starting tag stops its transaction without an Authorize.req; another tag
   * must be authorized and share the starting tag's parentIdTag.
   */
  async mayStop(startIdTag: string, startParentIdTag: string | undefined, presentedIdTag: string): Promise<StopPermission> {
    if (sameIdTag(startIdTag, presentedIdTag)) return { isAllowed: true, reason: "sameIdTag" };
    const decision = await this.authorize(presentedIdTag);
    if (!decision.isAccepted) return { isAllowed: false, reason: "notAccepted", decision };
    if (!sameParentIdTag(startParentIdTag, decision.idTagInfo.parentIdTag)) return { isAllowed: false, reason: "otherGroup", decision };
    return { isAllowed: true, reason: "sameGroup", decision };
  }

  /** ClearCache (§10.7, E3.23): Rejected when this firmware has no cache or it could not be cleared. */
  clearCache(): "Accepted" | "Rejected" {
    // §7.2: the cache exists iff the AuthorizationCacheEnabled key does; clearing a disabled cache is fine.
    if (this.options.configuration.get("AuthorizationCacheEnabled") === undefined) return "Rejected";
    try {
      this.options.cache.clear();
      return "Accepted";
    } catch (error) {
      this.options.log.error("authorization cache could not be cleared", { error });
      return "Rejected";
    }
  }

  /**
   * The decision flow of `authorize` (§7.4) for a card, without asking the Central System or
   * changing anything: `wouldStart` is null when the Central System's answer would decide.
   */
  preview(idTag: string): AuthorizationPreview {
    const { csms, configuration, clock } = this.options;
    const known = this.lookup(idTag);
    const knownInfo = known && currentIdTagInfo(known.idTagInfo, clock.now());
    const knownText = known && knownInfo ? `; the ${known.source === "localList" ? "local list" : "cache"} has it as ${knownInfo.status}` : "";
    if (csms.isConnected) {
      if (known && knownInfo?.status === "Accepted" && configuration.boolean("LocalPreAuthorize")) {
        return { source: known.source, status: "Accepted", wouldStart: true, detail: `Accepted from the ${known.source === "localList" ? "local list" : "cache"} at once (LocalPreAuthorize)` };
      }
      return { source: "centralSystem", status: knownInfo?.status ?? null, wouldStart: null, detail: `online: the Central System decides (Authorize)${knownText}` };
    }
    const decision = this.decideOffline(known);
    const rule =
      decision.source === "offlineUnknownAllowed"
        ? "unknown tag, AllowOfflineTxForUnknownId=true"
        : decision.source === "offlineRejected"
          ? known
            ? `known as ${knownInfo?.status}, but LocalAuthorizeOffline=false`
            : "unknown tag, AllowOfflineTxForUnknownId=false"
          : decision.isAccepted
            ? `LocalAuthorizeOffline=true${knownText}`
            : `not valid locally${knownText}`;
    return { source: decision.source, status: decision.idTagInfo.status, wouldStart: decision.isAccepted, detail: `offline: ${decision.isAccepted ? "starts" : "refused"} (${rule})` };
  }

  /** What the station itself knows of a tag now, without asking the Central System. */
  knownIdTagInfo(idTag: string): IdTagInfo | undefined {
    return this.lookup(idTag)?.idTagInfo;
  }

  /** §7.4 lookup order: the profiles' sources (the Local Authorization List) if enabled, then the cache (if enabled). */
  private lookup(idTag: string): LocalEntry | undefined {
    const listed = this.lookupSources(idTag);
    if (listed) return listed;
    const { cache, configuration, log } = this.options;
    if (!configuration.boolean("AuthorizationCacheEnabled")) return undefined;
    try {
      const cached = cache.get(idTag);
      return cached && { source: "cache", idTagInfo: toIdTagInfo(cached) };
    } catch (error) {
      // An unreadable cache is a miss: online the CS decides, offline the unknown-tag rule does.
      log.error("authorization cache read failed", { idTag, error });
      return undefined;
    }
  }

  private lookupSources(idTag: string): LocalEntry | undefined {
    for (const source of this.options.sources) {
      const idTagInfo = source.isEnabled ? source.lookup(idTag) : undefined;
      if (idTagInfo) return { source: source.name, idTagInfo };
    }
    return undefined;
  }

  /** Authorize.req; undefined when it brought no answer (offline, CALLERROR, timeout). */
  private async askCentralSystem(idTag: string): Promise<AuthorizationDecision | undefined> {
    const outcome = await this.options.csms.call("Authorize", { idTag });
    if (outcome.kind === "ok") {
      const { idTagInfo } = outcome.payload;
      this.learn(idTag, idTagInfo);
      return { isAccepted: idTagInfo.status === "Accepted", idTagInfo, source: "centralSystem" };
    }
    const failure = outcome.kind === "callError" ? { code: outcome.code, description: outcome.description } : {};
    this.options.log.warn("Authorize not answered; deciding as offline", { idTag, outcome: outcome.kind, ...failure });
    return undefined;
  }

  /** The offline rows of §7.4 (C§3.5.4, C§9.1.1/12/13). */
  private decideOffline(known: LocalEntry | undefined): AuthorizationDecision {
    const { clock, configuration } = this.options;
    if (known) {
      const idTagInfo = currentIdTagInfo(known.idTagInfo, clock.now());
      // C§3.5.4: a local entry that is not Accepted, or expired by time, MUST be rejected.
      if (idTagInfo.status !== "Accepted") return { isAccepted: false, idTagInfo, source: known.source };
      if (configuration.boolean("LocalAuthorizeOffline")) return { isAccepted: true, idTagInfo, source: known.source };
      // A known tag is not "unknown": AllowOfflineTxForUnknownId does not cover it (§7.4 "offline, otherwise").
      return { isAccepted: false, idTagInfo, source: "offlineRejected" };
    }
    if (configuration.boolean("AllowOfflineTxForUnknownId")) {
      return { isAccepted: true, idTagInfo: { status: "Accepted" }, source: "offlineUnknownAllowed" };
    }
    return { isAccepted: false, idTagInfo: { status: "Invalid" }, source: "offlineRejected" };
  }
}
