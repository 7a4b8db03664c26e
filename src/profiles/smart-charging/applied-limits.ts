import type { CurrentLimiter } from "../../station/hooks.ts";
import type { Clock, Log } from "../../station/ports.ts";
import type { ChargingLimit, LimitSource } from "./charging-limit.ts";
import { type CompositeInput, connectorOwnTimeline, stationCapTimeline } from "./composite-schedule.ts";
import { shareStationLimit } from "./station-share.ts";
import type { Segment } from "./timeline.ts";

/** One connector's limit now: how much, from where, and when and to what it changes next. */
export type AppliedLimit = {
  limitA: number;
  source: LimitSource;
  /** The station's limit, shared with the other charging connector, is what holds it. */
  isShared: boolean;
  nextChange: { at: Date; limitA: number } | undefined;
};

type Options = {
  clock: Clock;
  log: Log;
  connectorIds: readonly number[];
  /** The profiles, transactions and ratings of now. */
  input(): CompositeInput;
};

/** How far ahead the next change is looked for; with transactions running the limit is also checked every minute. */
const horizonMs = 24 * 3600 * 1000;
const recheckMs = 60_000;

type Moment = Map<number, { limit: ChargingLimit; shareA: number; isShared: boolean }>;

/**
 * The current limiter of the energy path: each connector's limit at this moment, worked out again at
 * every period boundary and every change of profiles or transactions, on the station's clock. The
 * minute's check also catches a clock the Central System moved.
 */
export class AppliedLimits implements CurrentLimiter {
  private applied = new Map<number, AppliedLimit>();
  private readonly listeners = new Set<() => void>();
  private cancelTimer: (() => void) | undefined;
  private isStopped = false;

  constructor(private readonly options: Options) {}

  /** Undefined while only the connector's own rating limits it. */
  limitA(connectorId: number): number | undefined {
    const applied = this.applied.get(connectorId);
    return applied && (applied.source.kind !== "hardware" || applied.isShared) ? applied.limitA : undefined;
  }

  onChanged(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Works the limits out for now; the energy path hears of it when any changed. */
  refresh(): void {
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    if (this.isStopped) return;
    try {
      const nowMs = this.options.clock.now().getTime();
      const input = this.options.input();
      const next = this.compute(input, nowMs);
      const isChanged = this.options.connectorIds.some((id) => this.applied.get(id)?.limitA !== next.get(id)?.limitA);
      this.applied = next;
      this.schedule(input, nowMs);
      if (isChanged) for (const listener of [...this.listeners]) listener();
    } catch (error) {
      this.options.log.error("charging limits could not be worked out", { error });
      this.cancelTimer = this.options.clock.after(recheckMs, () => this.refresh());
    }
  }

  stop(): void {
    this.isStopped = true;
    this.cancelTimer?.();
  }

  /** The limits at `nowMs`, each with its next change within the horizon. */
  compute(input: CompositeInput, nowMs: number): Map<number, AppliedLimit> {
    const timelines = this.timelines(input, nowMs);
    const now = this.momentAt(input, timelines, nowMs);
    const boundaries = [...new Set([timelines.cap, ...timelines.own.values()].flatMap((t) => t.map((s) => s.toMs)))].filter((ms) => ms > nowMs && ms < nowMs + horizonMs).sort((a, b) => a - b);
    const nextChanges = new Map<number, NonNullable<AppliedLimit["nextChange"]>>();
    for (const at of boundaries) {
      if (nextChanges.size === now.size) break;
      for (const [connectorId, later] of this.momentAt(input, timelines, at)) {
        if (!nextChanges.has(connectorId) && later.shareA !== now.get(connectorId)!.shareA) nextChanges.set(connectorId, { at: new Date(at), limitA: later.shareA });
      }
    }
    const result = new Map<number, AppliedLimit>();
    for (const [connectorId, { limit, shareA, isShared }] of now) result.set(connectorId, { limitA: shareA, source: limit.source, isShared, nextChange: nextChanges.get(connectorId) });
    return result;
  }

  private timelines(input: CompositeInput, nowMs: number) {
    const window = { fromMs: nowMs, toMs: nowMs + horizonMs };
    const own = new Map<number, Segment[]>();
    for (const id of this.options.connectorIds) own.set(id, connectorOwnTimeline(input, id, window, nowMs) ?? []);
    return { cap: stationCapTimeline(input, window, nowMs), own };
  }

  /** Each connector's own limit at `ms`, and its share of the station's limit (§14.1; the rule is in station-share.ts). */
  private momentAt(input: CompositeInput, timelines: ReturnType<AppliedLimits["timelines"]>, ms: number): Moment {
    const cap = limitAt(timelines.cap, ms);
    const own = new Map([...timelines.own].map(([id, timeline]) => [id, limitAt(timeline, ms)!]));
    const claims = [...own].map(([connectorId, limit]) => ({
      connectorId,
      ownA: limit.limitA,
      chargingSinceMs: input.transactions.find((tx) => tx.connectorId === connectorId)?.startedAt.getTime(),
    }));
    const shares = shareStationLimit(cap?.limitA, claims);
    const moment: Moment = new Map();
    for (const [connectorId, limit] of own) {
      const shareA = shares.get(connectorId) ?? limit.limitA;
      const isCapped = cap !== undefined && shareA < limit.limitA;
      moment.set(connectorId, { limit: isCapped ? cap : limit, shareA, isShared: isCapped });
    }
    return moment;
  }

  /** At the next change of a connector with a transaction, and every minute while one runs. */
  private schedule(input: CompositeInput, nowMs: number): void {
    if (input.transactions.length === 0) return;
    const changes = input.transactions.map((tx) => this.applied.get(tx.connectorId)?.nextChange?.at.getTime() ?? Number.POSITIVE_INFINITY);
    const waitMs = Math.min(recheckMs, Math.max(0, Math.min(...changes) - nowMs));
    this.cancelTimer = this.options.clock.after(waitMs, () => this.refresh());
  }
}

/** The limit of the segment holding `ms` (the segments are sorted and touch). */
function limitAt(timeline: readonly Segment[], ms: number): ChargingLimit | undefined {
  let low = 0;
  let high = timeline.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const segment = timeline[middle]!;
    if (ms < segment.fromMs) high = middle - 1;
    else if (ms >= segment.toMs) low = middle + 1;
    else return segment.limit;
  }
  return undefined;
}
