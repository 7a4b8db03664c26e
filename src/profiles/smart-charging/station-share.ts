import { minimumCurrentA } from "../../station/transactions/transaction-control.ts";
import { tenthsDown } from "./charging-limit.ts";

/** A connector as the sharing sees it: what it may draw on its own, and when its transaction started (none: not charging). */
export type ShareClaim = { connectorId: number; ownA: number; chargingSinceMs: number | undefined };

/**
 * How the station's limit (ChargePointMaxProfile, per phase) is shared so that the connectors together
 * stay within it (§14.1):
 * - only connectors with a running transaction take part (an EV that pauses keeps its share, so it may
 *   resume at once without the sum going over); a connector without one gets the station's limit as
 *   a ceiling, and it offers nothing anyway;
 * - the limit is split evenly, and what a connector cannot use (its own limit is lower) goes to the
 *   others (max-min fair), in tenths of an ampere rounded down;
 * - a share below 6 A charges nothing (IEC 61851), so rather than two connectors at 5 A the latest
 *   transaction is left out (0 A, SuspendedEVSE) and the earlier ones share the limit; it gets its
 *   share back as soon as the limit allows.
 * Without a station limit each connector gets its own. Every share is in tenths of an ampere, rounded down.
 */
export function shareStationLimit(capA: number | undefined, claims: readonly ShareClaim[]): Map<number, number> {
  const shares = new Map<number, number>();
  const charging = claims
    .filter((c) => c.chargingSinceMs !== undefined && c.ownA >= minimumCurrentA)
    .sort((a, b) => a.chargingSinceMs! - b.chargingSinceMs! || a.connectorId - b.connectorId);
  for (const claim of claims) shares.set(claim.connectorId, tenthsDown(capA === undefined ? claim.ownA : Math.min(claim.ownA, capA)));
  if (capA === undefined) return shares;
  for (let count = charging.length; count > 0; count--) {
    const taking = charging.slice(0, count);
    const fair = fairShares(capA, taking);
    if (count === 1 || [...fair.values()].every((a) => a >= minimumCurrentA)) {
      for (const claim of charging) shares.set(claim.connectorId, fair.get(claim.connectorId) ?? 0);
      return shares;
    }
  }
  return shares;
}

/** Max-min fair: an even split, with what a lower own limit leaves over going to the others. */
function fairShares(capA: number, claims: readonly ShareClaim[]): Map<number, number> {
  const fair = new Map<number, number>();
  let left = Math.max(0, capA);
  const byOwn = [...claims].sort((a, b) => a.ownA - b.ownA);
  byOwn.forEach((claim, i) => {
    const even = left / (byOwn.length - i);
    const share = tenthsDown(Math.min(claim.ownA, even));
    fair.set(claim.connectorId, share);
    left -= share;
  });
  return fair;
}
