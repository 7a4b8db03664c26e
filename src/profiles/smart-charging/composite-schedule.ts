import type { ChargingProfile, ChargingProfilePurpose, ChargingRateUnit, ChargingSchedule } from "../../messages/charging-profile.ts";
import { cappedSum, type ChargingLimit, limitOf, lowestLimit, sumOfLimits, tenthsDown } from "./charging-limit.ts";
import { profileSegments, validity } from "./profile-segments.ts";
import { combine, type Interval, paint, type Segment, split, union, wholeSeconds } from "./timeline.ts";

/** A profile as installed: a TxProfile belongs to one transaction (our localTxId), the others to none. */
export type InstalledProfile = { connectorId: number; profile: ChargingProfile; localTxId: number | null };
export type RunningTransaction = { connectorId: number; localTxId: number; startedAt: Date };
/** What a connector's hardware allows: its rated current on its phases. */
export type ConnectorRating = { connectorId: number; maxCurrentA: number; phases: number };

/** Everything the composite schedule depends on; no clock, no store. */
export type CompositeInput = {
  profiles: readonly InstalledProfile[];
  transactions: readonly RunningTransaction[];
  connectors: readonly ConnectorRating[];
};

const hardwareSource = { kind: "hardware" } as const;

/**
 * One purpose's profiles painted in stack order (§14.2): at each moment the highest stackLevel whose
 * schedule runs then (valid, started, within its duration) prevails; where none runs the lower ones
 * show through. Only inside `gaps`.
 */
function stack(profiles: readonly ChargingProfile[], anchorMs: number, gaps: readonly Interval[]): { painted: Segment[]; gaps: Interval[] } {
  const ordered = [...profiles].sort((a, b) => b.stackLevel - a.stackLevel || b.chargingProfileId - a.chargingProfileId);
  const painted: Segment[] = [];
  let open = [...gaps];
  for (const profile of ordered) {
    if (open.length === 0) break;
    const window = { fromMs: open[0]!.fromMs, toMs: open.at(-1)!.toMs };
    const result = paint(open, profileSegments(profile, anchorMs, window));
    painted.push(...result.painted);
    open = result.gaps;
  }
  return { painted, gaps: open };
}

/**
 * Layers over one another: a layer holds every moment at which one of its profiles is valid (even
 * where its schedule has ended: no limit there), and leaves the other moments to the next layer.
 * This is how a TxProfile overrides the TxDefaultProfile for its transaction entirely (TC_066), and a
 * connector's own TxDefaultProfile the one of connector 0 (§14.1).
 */
function layered(layers: readonly { profiles: readonly ChargingProfile[]; anchorMs: number }[], window: Interval): Segment[] {
  const segments: Segment[] = [];
  let rest: Interval[] = [window];
  for (const layer of layers) {
    if (layer.profiles.length === 0 || rest.length === 0) continue;
    const { inside, outside } = split(rest, union(layer.profiles.map(validity)));
    const { painted, gaps } = stack(layer.profiles, layer.anchorMs, inside);
    segments.push(...painted, ...gaps.map((gap) => ({ ...gap, limit: undefined })));
    rest = outside;
  }
  segments.push(...rest.map((gap) => ({ ...gap, limit: undefined })));
  return segments.sort((a, b) => a.fromMs - b.fromMs);
}

function ofPurpose(input: CompositeInput, purpose: ChargingProfilePurpose, connectorId: number, localTxId?: number): ChargingProfile[] {
  return input.profiles
    .filter((p) => p.profile.chargingProfilePurpose === purpose && p.connectorId === connectorId && (localTxId === undefined || p.localTxId === localTxId))
    .map((p) => p.profile);
}

/** ChargePointMaxProfile (§14.1): the station's limit; a Relative one counts from the first running transaction's start. */
export function stationCapTimeline(input: CompositeInput, window: Interval, nowMs: number): Segment[] {
  const starts = input.transactions.map((tx) => tx.startedAt.getTime());
  const anchorMs = starts.length === 0 ? nowMs : Math.min(...starts);
  return layered([{ profiles: ofPurpose(input, "ChargePointMaxProfile", 0), anchorMs }], window);
}

/**
 * What one connector is allowed on its own (§14.5 steps 2 and 3, without the station's limit): the
 * TxProfile of its running transaction, else its TxDefaultProfile, else connector 0's; never above its rating.
 */
export function connectorOwnTimeline(input: CompositeInput, connectorId: number, window: Interval, nowMs: number): Segment[] | undefined {
  const rating = input.connectors.find((c) => c.connectorId === connectorId);
  if (!rating) return undefined;
  const tx = input.transactions.find((t) => t.connectorId === connectorId);
  const anchorMs = tx?.startedAt.getTime() ?? nowMs;
  const profiles = layered(
    [
      { profiles: tx ? ofPurpose(input, "TxProfile", connectorId, tx.localTxId) : [], anchorMs },
      { profiles: ofPurpose(input, "TxDefaultProfile", connectorId), anchorMs },
      { profiles: ofPurpose(input, "TxDefaultProfile", 0), anchorMs },
    ],
    window,
  );
  return combine([profiles, [hardwareSegment(rating, window)]], lowestLimit);
}

function hardwareSegment(rating: ConnectorRating, window: Interval): Segment {
  return { ...window, limit: limitOf(rating.maxCurrentA, "A", rating.phases, hardwareSource) };
}

/**
 * The composite schedule of a connector over `window` (§14.5): at each moment the lowest of the
 * station's limit, the connector's profile and its rating. For connector 0, what the station as a
 * whole may draw: the sum of its connectors' composites, capped by the ChargePointMaxProfile.
 */
export function compositeTimeline(input: CompositeInput, connectorId: number, window: Interval, nowMs: number): Segment[] | undefined {
  const cap = stationCapTimeline(input, window, nowMs);
  if (connectorId !== 0) {
    const own = connectorOwnTimeline(input, connectorId, window, nowMs);
    return own && combine([cap, own], lowestLimit);
  }
  const connectors = input.connectors.map((c) => combine([cap, connectorOwnTimeline(input, c.connectorId, window, nowMs)!], lowestLimit));
  return combine([cap, ...connectors], ([capLimit, ...limits]) => cappedSum(capLimit, sumOfLimits(limits as ChargingLimit[], hardwareSource)));
}

export type CompositeRequest = { connectorId: number; durationSec: number; unit: ChargingRateUnit };
export type CompositeSchedule = { scheduleStart: Date; chargingSchedule: ChargingSchedule };

/**
 * GetCompositeSchedule (§14.5): from `now` (to the whole second) for `durationSec`, in `unit`. Each
 * period is rounded down to a tenth; a duration of 0 still reports the limit of that moment (EVerest
 * libocpp#1169 reported the hardware's). Undefined for a connector the station does not have.
 */
export function compositeSchedule(input: CompositeInput, request: CompositeRequest, now: Date): CompositeSchedule | undefined {
  const startMs = Math.floor(now.getTime() / 1000) * 1000;
  const window = { fromMs: startMs, toMs: startMs + Math.max(request.durationSec * 1000, 1) };
  const timeline = compositeTimeline(input, request.connectorId, window, now.getTime());
  if (!timeline) return undefined;
  const chargingSchedulePeriod: ChargingSchedule["chargingSchedulePeriod"] = [];
  for (const { startSec, limit } of wholeSeconds(timeline, startMs)) {
    if (!limit || (startSec >= request.durationSec && chargingSchedulePeriod.length > 0)) continue;
    const value = tenthsDown(request.unit === "A" ? limit.limitA : limit.limitW);
    const last = chargingSchedulePeriod.at(-1);
    if (last && last.limit === value && last.numberPhases === limit.phases) continue;
    chargingSchedulePeriod.push({ startPeriod: startSec, limit: value, numberPhases: limit.phases });
  }
  return { scheduleStart: new Date(startMs), chargingSchedule: { duration: request.durationSec, chargingRateUnit: request.unit, chargingSchedulePeriod } };
}
