import type { ConnectorHardware, PilotState } from "../hardware-ports.ts";
import type { OpenTransaction } from "../ports.ts";

/** Who may start on a connector before its transaction exists: a card or a RemoteStartTransaction. */
export type PendingAuthorization = { idTag: string; parentIdTag?: string; isRemote: boolean };

/**
 * Where one connector's charging session stands (SPEC-DIGEST §8.1): free, preparing (plugged and
 * waiting for a tag, or authorized and waiting for the EV), in a transaction, or finished with the
 * cable still in the EV.
 */
export type SessionPhase =
  | { kind: "idle" }
  | { kind: "preparing"; authorization: PendingAuthorization | undefined; isAuthorizing: boolean; cancelTimeout: () => void }
  | {
      kind: "transaction";
      tx: OpenTransaction;
      parentIdTag: string | undefined;
      /** §7.5: the Central System refused the tag; energy stops once `energyLeftWh` is used up. */
      deauthorized: { atWh: number; energyLeftWh: number } | undefined;
    }
  | { kind: "finishing" };

export type ConnectorSession = { id: number; hw: ConnectorHardware; phase: SessionPhase };

const connectedStates: readonly (PilotState | null)[] = ["B", "C", "D"];

/** IEC 61851: B, C and D mean an EV is on the cable. */
export function isEvConnected(session: ConnectorSession): boolean {
  return connectedStates.includes(session.hw.pilotState);
}

export function isEvRequesting(session: ConnectorSession): boolean {
  return session.hw.pilotState === "C" || session.hw.pilotState === "D";
}

/** Preparing with an EV or a remote start in view, but no tag yet and none being authorized. */
export function isWaitingForTag(session: ConnectorSession): boolean {
  return session.phase.kind === "preparing" && !session.phase.authorization && !session.phase.isAuthorizing;
}

export function leavePhase(session: ConnectorSession): void {
  if (session.phase.kind === "preparing") session.phase.cancelTimeout();
}
