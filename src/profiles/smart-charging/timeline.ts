import { type ChargingLimit, lowestLimit, sameLimit } from "./charging-limit.ts";

/** [fromMs, toMs) on the epoch-millisecond axis. */
export type Interval = { fromMs: number; toMs: number };
/** A stretch of time with one limit; `limit` undefined = no limit there. */
export type Segment = Interval & { limit: ChargingLimit | undefined };

/**
 * Paints `segments` (sorted, not overlapping) into the `gaps` still open (sorted, not overlapping):
 * what lands in a gap is painted, the rest of each gap stays open for the layers below.
 */
export function paint(gaps: readonly Interval[], segments: readonly Segment[]): { painted: Segment[]; gaps: Interval[] } {
  const painted: Segment[] = [];
  const open: Interval[] = [];
  let s = 0;
  for (const gap of gaps) {
    let cursor = gap.fromMs;
    while (s < segments.length && segments[s]!.toMs <= cursor) s++;
    for (let i = s; i < segments.length && segments[i]!.fromMs < gap.toMs; i++) {
      const segment = segments[i]!;
      const fromMs = Math.max(segment.fromMs, cursor);
      const toMs = Math.min(segment.toMs, gap.toMs);
      if (fromMs >= toMs) continue;
      if (fromMs > cursor) open.push({ fromMs: cursor, toMs: fromMs });
      // A segment that fits whole is taken as it is: fewer objects for the collector.
      painted.push(fromMs === segment.fromMs && toMs === segment.toMs ? segment : { fromMs, toMs, limit: segment.limit });
      cursor = toMs;
    }
    if (cursor < gap.toMs) open.push({ fromMs: cursor, toMs: gap.toMs });
  }
  return { painted, gaps: open };
}

/** The union of intervals, sorted and merged. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].filter((i) => i.fromMs < i.toMs).sort((a, b) => a.fromMs - b.fromMs);
  const merged: Interval[] = [];
  for (const interval of sorted) {
    const last = merged.at(-1);
    if (last && interval.fromMs <= last.toMs) last.toMs = Math.max(last.toMs, interval.toMs);
    else merged.push({ ...interval });
  }
  return merged;
}

/** `gaps` split into the parts inside `cover` and the parts outside it (both sorted). */
export function split(gaps: readonly Interval[], cover: readonly Interval[]): { inside: Interval[]; outside: Interval[] } {
  const inside = paint(gaps, cover.map((c) => ({ ...c, limit: undefined }))).painted.map(({ fromMs, toMs }) => ({ fromMs, toMs }));
  const outside = paint(gaps, inside.map((c) => ({ ...c, limit: undefined }))).gaps;
  return { inside, outside };
}

/** Sorted segments; neighbours with the same limit become one. */
export function collapse(segments: readonly Segment[]): Segment[] {
  const sorted = [...segments].sort((a, b) => a.fromMs - b.fromMs);
  const out: Segment[] = [];
  for (const segment of sorted) {
    const last = out.at(-1);
    if (last && last.toMs === segment.fromMs && sameLimit(last.limit, segment.limit)) last.toMs = segment.toMs;
    else out.push({ ...segment });
  }
  return out;
}

/**
 * Timelines that each cover the same window, combined moment by moment: each stretch between two
 * boundaries of any of them gets `combine` of their limits there.
 */
export function combine(timelines: readonly (readonly Segment[])[], combineLimits: (limits: (ChargingLimit | undefined)[]) => ChargingLimit | undefined): Segment[] {
  const cursors = timelines.map(() => 0);
  const out: Segment[] = [];
  const limits: (ChargingLimit | undefined)[] = [];
  let at = Math.min(...timelines.map((t) => t[0]?.fromMs ?? Number.POSITIVE_INFINITY));
  const end = Math.max(...timelines.map((t) => t.at(-1)?.toMs ?? Number.NEGATIVE_INFINITY));
  while (at < end) {
    let next = end;
    limits.length = 0;
    for (let i = 0; i < timelines.length; i++) {
      const timeline = timelines[i]!;
      while (cursors[i]! < timeline.length && timeline[cursors[i]!]!.toMs <= at) cursors[i]!++;
      const segment = timeline[cursors[i]!];
      if (segment && segment.fromMs <= at) {
        limits.push(segment.limit);
        next = Math.min(next, segment.toMs);
      } else if (segment) next = Math.min(next, segment.fromMs);
    }
    const limit = combineLimits(limits);
    const last = out.at(-1);
    // Neighbours with the same limit become one as they come.
    if (last && last.toMs === at && sameLimit(last.limit, limit)) last.toMs = next;
    else out.push({ fromMs: at, toMs: next, limit });
    at = next;
  }
  return out;
}

/**
 * A timeline in whole seconds from `startMs`: a second in which the limit changes gets the lowest
 * limit within it, so no second reports more than any moment of it allowed.
 */
export function wholeSeconds(segments: readonly Segment[], startMs: number): { startSec: number; limit: ChargingLimit | undefined }[] {
  const out: { startSec: number; limit: ChargingLimit | undefined }[] = [];
  for (const segment of segments) {
    const from = (segment.fromMs - startMs) / 1000;
    const to = (segment.toMs - startMs) / 1000;
    const second = Math.floor(from);
    const last = out.at(-1);
    if (last && last.startSec === second) {
      // The second is shared with what came before (a change inside it): the lowest of them.
      last.limit = lowestLimit([last.limit, segment.limit]);
    } else if (second !== from) {
      out.push({ startSec: second, limit: lowestLimit([last?.limit, segment.limit]) });
    } else {
      out.push({ startSec: second, limit: segment.limit });
      continue;
    }
    if (Math.ceil(from) < to) out.push({ startSec: Math.ceil(from), limit: segment.limit });
  }
  return out.filter((part, i) => i === 0 || !sameLimit(out[i - 1]!.limit, part.limit));
}
