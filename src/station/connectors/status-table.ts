import type { ChargePointStatus } from "../../messages/status-notification.ts";

export type { ChargePointStatus };

/** The event ids of SPEC-DIGEST §6.2 (C§4.9 table, E3.20), e.g. "B6". */
export type TransitionId = `${"A" | "B" | "C" | "D" | "E" | "F" | "G" | "H" | "I"}${1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9}`;

type Table<Cell> = Record<ChargePointStatus, Partial<Record<ChargePointStatus, Cell>>>;

/** C§4.9 + E3.20: every move a connector (> 0) may make, as `from → to → event id`; nothing else is allowed. */
export const transitions: Table<TransitionId> = {
  Available: { Preparing: "A2", Charging: "A3", SuspendedEV: "A4", SuspendedEVSE: "A5", Reserved: "A7", Unavailable: "A8", Faulted: "A9" },
  Preparing: { Available: "B1", Charging: "B3", SuspendedEV: "B4", SuspendedEVSE: "B5", Finishing: "B6", Faulted: "B9" },
  Charging: { Available: "C1", SuspendedEV: "C4", SuspendedEVSE: "C5", Finishing: "C6", Unavailable: "C8", Faulted: "C9" },
  SuspendedEV: { Available: "D1", Charging: "D3", SuspendedEVSE: "D5", Finishing: "D6", Unavailable: "D8", Faulted: "D9" },
  SuspendedEVSE: { Available: "E1", Charging: "E3", SuspendedEV: "E4", Finishing: "E6", Unavailable: "E8", Faulted: "E9" },
  Finishing: { Available: "F1", Preparing: "F2", Unavailable: "F8", Faulted: "F9" },
  Reserved: { Available: "G1", Preparing: "G2", Unavailable: "G8", Faulted: "G9" },
  Unavailable: { Available: "H1", Preparing: "H2", Charging: "H3", SuspendedEV: "H4", SuspendedEVSE: "H5", Faulted: "H9" },
  Faulted: {
    Available: "I1", Preparing: "I2", Charging: "I3", SuspendedEV: "I4", SuspendedEVSE: "I5", Finishing: "I6", Reserved: "I7", Unavailable: "I8",
  },
};

/**
 * Jumps the table forbids but a situation can make in one step, with the status passed on the way
 * (both legs are in `transitions`). Any other forbidden jump is refused.
 */
export const passThrough: Partial<Table<ChargePointStatus>> = {
  // B1 + A8: making the connector Inoperative ends a usage that had no transaction yet.
  // B1 + A7: a usage ended (timeout, card again) on a connector a reservation still holds.
  Preparing: { Unavailable: "Available", Reserved: "Available" },
  // C6/D6/E6 + F2: the transaction stopped and the user already started a new usage.
  // C1/D1/E1 + A7: the session ended and a reservation of connector 0 holds the connector now free.
  Charging: { Preparing: "Finishing", Reserved: "Available" },
  SuspendedEV: { Preparing: "Finishing", Reserved: "Available" },
  SuspendedEVSE: { Preparing: "Finishing", Reserved: "Available" },
  // F2 + B3/B4/B5: a new transaction on a connector that was still Finishing (C§4.9 F2).
  // F1 + A7: the connector is free again and a reservation of connector 0 holds it.
  Finishing: { Charging: "Preparing", SuspendedEV: "Preparing", SuspendedEVSE: "Preparing", Reserved: "Available" },
  // G2 + B3/B4/B5: the reserved idTag started charging at once.
  Reserved: { Charging: "Preparing", SuspendedEV: "Preparing", SuspendedEVSE: "Preparing" },
  // H2 + B6: made Operative while a finished usage still occupies the connector.
  // H1 + A7: made Operative while a reservation of connector 0 needs this connector.
  Unavailable: { Finishing: "Preparing", Reserved: "Available" },
};

/**
 * The statuses a connector passes through from `from` to `to` (ending with `to`; empty when they
 * are equal), or undefined when §6.2 allows no such move.
 */
export function route(from: ChargePointStatus, to: ChargePointStatus): ChargePointStatus[] | undefined {
  if (from === to) return [];
  if (transitions[from][to] !== undefined) return [to];
  const via = passThrough[from]?.[to];
  return via === undefined ? undefined : [via, to];
}
