import { bool, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";

/** The Reservation profile's keys (SPEC-DIGEST §13.3) and the operator's switch. */
export const reservationKeys = [
  // C§9.3.1: present and true: ReserveNow for connector 0 keeps a connector free for the idTag. station.json may set it false.
  { key: "ReserveConnectorZeroSupported", access: "R", rule: bool, factory: "true" },
  // Vendor key, the operator's switch: false answers every ReserveNow Rejected (§13.1); reservations made before stay.
  { key: "ReservationEnabled", access: "RW", rule: bool, factory: "true" },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof reservationKeys> {}
}
