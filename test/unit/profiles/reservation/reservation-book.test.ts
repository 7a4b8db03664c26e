import { describe, expect, test } from "bun:test";
import { admits, type ConnectorState, type Reservation, ReservationBook, type StationState } from "../../../../src/profiles/reservation/reservation-book.ts";

const now = new Date("2026-01-01T10:00:00Z");
const later = new Date("2026-01-01T11:00:00Z");
const rules = { isEnabled: true, isConnectorZeroSupported: true, isRegistered: true };

const free = (connectorId: number): ConnectorState => ({ connectorId, isFaulted: false, isUnavailable: false, isIdle: true, isEvPlugged: false });
const plugged = (connectorId: number): ConnectorState => ({ ...free(connectorId), isEvPlugged: true });
const busy = (connectorId: number): ConnectorState => ({ ...plugged(connectorId), isIdle: false });
const faulted = (connectorId: number): ConnectorState => ({ ...free(connectorId), isFaulted: true });
const unavailable = (connectorId: number): ConnectorState => ({ ...free(connectorId), isUnavailable: true });

function station(...connectors: ConnectorState[]): StationState {
  return { isFaulted: false, isUnavailable: false, connectors };
}

function reservation(reservationId: number, connectorId: number, idTag = "TAG", parentIdTag?: string, expiryDate = later): Reservation {
  return { reservationId, connectorId, idTag, ...(parentIdTag === undefined ? {} : { parentIdTag }), expiryDate };
}

describe("a reservation admits (§13.1)", () => {
  test("its idTag, compared case-insensitively", () => {
    expect(admits(reservation(1, 1, "04a2b3c4"), { idTag: "04A2B3C4" })).toBe(true);
    expect(admits(reservation(1, 1, "04A2B3C4"), { idTag: "04A2B3C5" })).toBe(false);
  });

  test("a tag whose parentIdTag equals the reservation's, and never by comparing a parentIdTag with an idTag (C§3.10)", () => {
    const group = reservation(1, 1, "TAG", "FLEET");
    expect(admits(group, { idTag: "OTHER", parentIdTag: "fleet" })).toBe(true);
    expect(admits(group, { idTag: "OTHER", parentIdTag: "ELSE" })).toBe(false);
    expect(admits(group, { idTag: "FLEET" })).toBe(false);
    expect(admits(reservation(1, 1, "TAG"), { idTag: "OTHER", parentIdTag: undefined })).toBe(false);
  });
});

describe("ReserveNow for a connector", () => {
  test("is Accepted on a free connector, Occupied while it is in use, has an EV or is reserved by another reservation", () => {
    const book = new ReservationBook([reservation(9, 2)]);
    expect(book.decide(reservation(1, 1), station(free(1), free(2)), now, rules)).toBe("Accepted");
    expect(book.decide(reservation(1, 1), station(busy(1), free(2)), now, rules)).toBe("Occupied");
    expect(book.decide(reservation(1, 1), station(plugged(1), free(2)), now, rules)).toBe("Occupied");
    expect(book.decide(reservation(1, 2), station(free(1), free(2)), now, rules)).toBe("Occupied");
  });

  test("is Faulted or Unavailable as the connector or the whole station is", () => {
    const book = new ReservationBook();
    expect(book.decide(reservation(1, 1), station(faulted(1), free(2)), now, rules)).toBe("Faulted");
    expect(book.decide(reservation(1, 1), station(unavailable(1), free(2)), now, rules)).toBe("Unavailable");
    expect(book.decide(reservation(1, 1), { ...station(free(1), free(2)), isFaulted: true }, now, rules)).toBe("Faulted");
    expect(book.decide(reservation(1, 1), { ...station(free(1), free(2)), isUnavailable: true }, now, rules)).toBe("Unavailable");
  });

  test("is Rejected when reservations are off, before the registration is Accepted, for an unknown connector or an expiry not in the future", () => {
    const book = new ReservationBook();
    const both = station(free(1), free(2));
    expect(book.decide(reservation(1, 1), both, now, { ...rules, isEnabled: false })).toBe("Rejected");
    expect(book.decide(reservation(1, 1), both, now, { ...rules, isRegistered: false })).toBe("Rejected");
    expect(book.decide(reservation(1, 3), both, now, rules)).toBe("Rejected");
    expect(book.decide(reservation(1, -1), both, now, rules)).toBe("Rejected");
    expect(book.decide(reservation(1, 1, "TAG", undefined, now), both, now, rules)).toBe("Rejected");
    expect(book.decide(reservation(1, 1, "TAG", undefined, new Date("2025-12-31T00:00:00Z")), both, now, rules)).toBe("Rejected");
    expect(book.decide(reservation(1, 1, "TAG", undefined, new Date(Number.NaN)), both, now, rules)).toBe("Rejected");
  });

  test("the same reservationId does not stand in its own way: it is replaced", () => {
    const book = new ReservationBook([reservation(5, 1)]);
    expect(book.decide(reservation(5, 1, "NEW"), station(free(1), free(2)), now, rules)).toBe("Accepted");
    expect(book.decide(reservation(6, 1, "NEW"), station(free(1), free(2)), now, rules)).toBe("Occupied");
  });

  test("is Occupied when it would take the last connector a reservation of connector 0 needs", () => {
    const book = new ReservationBook([reservation(7, 0)]);
    expect(book.decide(reservation(1, 1), station(free(1), free(2)), now, rules)).toBe("Accepted");
    expect(book.decide(reservation(1, 1), station(free(1), busy(2)), now, rules)).toBe("Occupied");
  });
});

describe("ReserveNow for connector 0 (the station)", () => {
  test("is Accepted while a connector is free, Occupied when none is", () => {
    const book = new ReservationBook();
    expect(book.decide(reservation(1, 0), station(busy(1), free(2)), now, rules)).toBe("Accepted");
    expect(book.decide(reservation(1, 0), station(busy(1), plugged(2)), now, rules)).toBe("Occupied");
  });

  test("needs a connector of its own beside the other reservations", () => {
    expect(new ReservationBook([reservation(7, 0)]).decide(reservation(1, 0), station(free(1), free(2)), now, rules)).toBe("Accepted");
    expect(new ReservationBook([reservation(7, 0)]).decide(reservation(1, 0), station(free(1), busy(2)), now, rules)).toBe("Occupied");
    expect(new ReservationBook([reservation(7, 2)]).decide(reservation(1, 0), station(free(1), free(2)), now, rules)).toBe("Accepted");
    expect(new ReservationBook([reservation(7, 2)]).decide(reservation(1, 0), station(busy(1), free(2)), now, rules)).toBe("Occupied");
  });

  test("is Faulted or Unavailable as the station is, or as every connector is", () => {
    const book = new ReservationBook();
    expect(book.decide(reservation(1, 0), { ...station(free(1), free(2)), isFaulted: true }, now, rules)).toBe("Faulted");
    expect(book.decide(reservation(1, 0), { ...station(free(1), free(2)), isUnavailable: true }, now, rules)).toBe("Unavailable");
    expect(book.decide(reservation(1, 0), station(faulted(1), faulted(2)), now, rules)).toBe("Faulted");
    expect(book.decide(reservation(1, 0), station(faulted(1), unavailable(2)), now, rules)).toBe("Unavailable");
  });

  test("is Rejected when ReserveConnectorZeroSupported is false", () => {
    expect(new ReservationBook().decide(reservation(1, 0), station(free(1), free(2)), now, { ...rules, isConnectorZeroSupported: false })).toBe("Rejected");
  });
});

describe("what the reservations hold", () => {
  test("a reserved connector is held for its reservation", () => {
    const book = new ReservationBook([reservation(3, 2, "A")]);
    expect([...book.holds([free(1), free(2)]).keys()]).toEqual([2]);
    expect(book.claimOn([free(1), free(2)], 1)).toBeUndefined();
    const claim = book.claimOn([free(1), free(2)], 2)!;
    expect([claim.admits({ idTag: "A" }), claim.admits({ idTag: "B" }), claim.isForGroup]).toEqual([true, false, false]);
  });

  test("a reservation of connector 0 holds nothing while two connectors are free, and the last free one when only one is", () => {
    const book = new ReservationBook([reservation(7, 0, "A", "FLEET")]);
    expect(book.holds([free(1), free(2)]).size).toBe(0);
    expect([...book.holds([busy(1), free(2)]).keys()]).toEqual([2]);
    // An EV waiting on the held connector does not free it: the hold stays.
    expect([...book.holds([busy(1), plugged(2)]).keys()]).toEqual([2]);
    expect(book.claimOn([busy(1), free(2)], 2)?.isForGroup).toBe(true);
    expect(book.holds([faulted(1), busy(2)]).size).toBe(0);
  });

  test("two reservations of connector 0 hold both connectors, each open to either reserved user", () => {
    const book = new ReservationBook([reservation(7, 0, "A"), reservation(8, 0, "B")]);
    const claim = book.claimOn([free(1), free(2)], 1)!;
    expect([claim.admits({ idTag: "A" }), claim.admits({ idTag: "B" }), claim.admits({ idTag: "C" })]).toEqual([true, true, false]);
  });

  test("a reservation of a connector and one of connector 0: the other connector is held for connector 0's", () => {
    const book = new ReservationBook([reservation(3, 1, "A"), reservation(7, 0, "B")]);
    const held = book.holds([free(1), free(2)]);
    expect(held.get(1)?.map((r) => r.reservationId)).toEqual([3]);
    expect(held.get(2)?.map((r) => r.reservationId)).toEqual([7]);
  });
});

describe("which reservation a start uses", () => {
  test("the connector's own, else one of connector 0 on any connector; another user uses none", () => {
    const book = new ReservationBook([reservation(3, 1, "A"), reservation(7, 0, "B", "FLEET")]);
    expect(book.reservationFor(1, { idTag: "a" })).toBe(3);
    expect(book.reservationFor(2, { idTag: "A" })).toBeUndefined();
    expect(book.reservationFor(1, { idTag: "B" })).toBe(7);
    expect(book.reservationFor(2, { idTag: "C", parentIdTag: "FLEET" })).toBe(7);
    expect(book.reservationFor(2, { idTag: "C" })).toBeUndefined();
  });
});

describe("the ends of a reservation", () => {
  test("expiry: the ones whose expiryDate has come, and the next one to come", () => {
    const soon = new Date("2026-01-01T10:30:00Z");
    const book = new ReservationBook([reservation(1, 1, "A", undefined, soon), reservation(2, 2, "B", undefined, later)]);
    expect(book.nextExpiry()).toEqual(soon);
    expect(book.expiredAt(now)).toEqual([]);
    expect(book.expiredAt(soon).map((r) => r.reservationId)).toEqual([1]);
  });

  test("Faulted or Unavailable: a connector's own reservations, or all of them for the station", () => {
    const book = new ReservationBook([reservation(1, 1), reservation(2, 2), reservation(7, 0)]);
    expect(book.endedByStatus(1).map((r) => r.reservationId)).toEqual([1]);
    expect(book.endedByStatus(0).map((r) => r.reservationId)).toEqual([7, 1, 2]);
  });
});
