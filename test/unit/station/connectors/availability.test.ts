import { describe, expect, test } from "bun:test";
import { ConnectorAvailability, type AvailabilityChange } from "../../../../src/station/connectors/availability.ts";
import { ConnectorStatus, StationStatus, type ConnectorSituation } from "../../../../src/station/connectors/connector-status.ts";
import { availabilityStoreContract } from "../../../support/contracts/availability-store.contract.ts";
import { MemoryAvailabilityStore } from "../../../support/memory-availability-store.ts";

availabilityStoreContract("in memory", () => {
  const store = new MemoryAvailabilityStore();
  return { store, reopen: () => store };
});

function station(store = new MemoryAvailabilityStore()) {
  const transactions = new Set<number>();
  const availability = new ConnectorAvailability({ connectorCount: 2, store, hasTransaction: (connectorId) => transactions.has(connectorId) });
  const changes: AvailabilityChange[] = [];
  availability.onChanged((change) => changes.push(change));
  const effective = () => [0, 1, 2].map((connectorId) => availability.effective(connectorId));
  return { availability, store, transactions, changes, effective };
}

describe("ConnectorAvailability", () => {
  test("starts Operative everywhere when nothing is stored", () => {
    const { availability, effective } = station();
    expect(effective()).toEqual(["Operative", "Operative", "Operative"]);
    expect(availability.isAvailableForCharging(1)).toBe(true);
  });

  test("accepts Inoperative for an idle connector, applies it at once and stores it", () => {
    const { availability, store, changes, effective } = station();
    expect(availability.change(1, "Inoperative")).toBe("Accepted");
    expect(effective()).toEqual(["Operative", "Inoperative", "Operative"]);
    expect(changes).toEqual([{ connectorId: 1, availability: "Inoperative", wasScheduled: false }]);
    expect(store.saved.get(1)).toEqual({ availability: "Inoperative" });
    expect(availability.isAvailableForCharging(1)).toBe(false);
    expect(availability.isAvailableForCharging(2)).toBe(true);
  });

  test("rejects a connectorId the station does not have", () => {
    const { availability, store, changes } = station();
    expect(availability.change(3, "Inoperative")).toBe("Rejected");
    expect(availability.change(-1, "Inoperative")).toBe("Rejected");
    expect(store.saved.size).toBe(0);
    expect(changes).toEqual([]);
  });

  test("accepts the availability already in force without telling anyone", () => {
    const { availability, changes } = station();
    expect(availability.change(2, "Operative")).toBe("Accepted");
    expect(changes).toEqual([]);
  });

  test("schedules a change for a connector with a transaction and applies it when the transaction ends", () => {
    const { availability, transactions, changes, effective, store } = station();
    transactions.add(1);
    expect(availability.change(1, "Inoperative")).toBe("Scheduled");
    expect(effective()).toEqual(["Operative", "Operative", "Operative"]);
    expect(availability.scheduled(1)).toBe("Inoperative");
    expect(store.saved.get(1)).toEqual({ availability: "Operative", scheduled: "Inoperative" });
    expect(changes).toEqual([]);
    transactions.delete(1);
    availability.transactionEnded(1);
    expect(effective()).toEqual(["Operative", "Inoperative", "Operative"]);
    expect(changes).toEqual([{ connectorId: 1, availability: "Inoperative", wasScheduled: true }]);
    expect(store.saved.get(1)).toEqual({ availability: "Inoperative" });
  });

  test("asking again for the availability in force cancels a scheduled change", () => {
    const { availability, transactions, changes } = station();
    transactions.add(2);
    availability.change(2, "Inoperative");
    expect(availability.change(2, "Operative")).toBe("Accepted");
    availability.transactionEnded(2);
    expect(availability.effective(2)).toBe("Operative");
    expect(changes).toEqual([]);
  });

  test("connector 0 makes the station and every connector Inoperative", () => {
    const { availability, changes, effective } = station();
    expect(availability.change(0, "Inoperative")).toBe("Accepted");
    expect(effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
    expect(changes.map((change) => change.connectorId)).toEqual([1, 2, 0]);
    expect(availability.isAvailableForCharging(1)).toBe(false);
    expect(availability.isAvailableForCharging(0)).toBe(false);
  });

  test("connector 0 with a transaction on one connector switches the idle one now and the rest when it ends", () => {
    const { availability, transactions, changes, effective } = station();
    transactions.add(2);
    expect(availability.change(0, "Inoperative")).toBe("Scheduled");
    expect(effective()).toEqual(["Operative", "Inoperative", "Operative"]);
    transactions.delete(2);
    availability.transactionEnded(2);
    expect(effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
    expect(changes).toEqual([
      { connectorId: 1, availability: "Inoperative", wasScheduled: false },
      { connectorId: 2, availability: "Inoperative", wasScheduled: true },
      { connectorId: 0, availability: "Inoperative", wasScheduled: true },
    ]);
  });

  test("connector 0 Operative also brings back a connector made Inoperative on its own", () => {
    const { availability, effective } = station();
    availability.change(1, "Inoperative");
    expect(availability.change(0, "Operative")).toBe("Accepted");
    expect(effective()).toEqual(["Operative", "Operative", "Operative"]);
  });

  test("a single connector cannot be made Operative while the whole station is Inoperative", () => {
    const { availability, effective } = station();
    availability.change(0, "Inoperative");
    expect(availability.change(1, "Operative")).toBe("Rejected");
    expect(effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
  });

  test("Inoperative survives a restart, for a connector and for the whole station", () => {
    const first = station();
    first.availability.change(2, "Inoperative");
    expect(station(first.store).effective()).toEqual(["Operative", "Operative", "Inoperative"]);
    first.availability.change(0, "Inoperative");
    const restarted = station(first.store);
    expect(restarted.effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
    expect(restarted.availability.isAvailableForCharging(1)).toBe(false);
  });

  test("a connector with nothing stored follows a station stored Inoperative", () => {
    const store = new MemoryAvailabilityStore();
    store.save(0, "Inoperative", undefined);
    expect(station(store).effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
  });

  test("a change scheduled before a restart applies at start-up when no transaction runs any more", () => {
    const first = station();
    first.transactions.add(1);
    first.availability.change(0, "Inoperative");
    const restarted = station(first.store);
    expect(restarted.effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
    expect(first.store.saved.get(1)).toEqual({ availability: "Inoperative" });
    expect(first.store.saved.get(0)).toEqual({ availability: "Inoperative" });
  });

  test("a failed write changes nothing and is not swallowed", () => {
    const { availability, store, changes, effective } = station();
    store.failNextSave = true;
    expect(() => availability.change(1, "Inoperative")).toThrow("disk full");
    expect(effective()).toEqual(["Operative", "Operative", "Operative"]);
    expect(changes).toEqual([]);
  });

  test("drives the statuses: the station and its idle connector go Unavailable at once, the charging one (C8) when it stops", () => {
    const { availability, transactions } = station();
    const silentLog = { debug() {}, info() {}, warn() {}, error() {} };
    const idle: ConnectorSituation = { availability: "Operative", isReserved: false, isEvPlugged: false, session: { kind: "idle" } };
    const stationStatus = new StationStatus({ availability: availability.effective(0) });
    const one = new ConnectorStatus(1, { ...idle, isEvPlugged: true, session: { kind: "transaction", isEnergyOffered: true, isEvDrawing: true } }, silentLog);
    const two = new ConnectorStatus(2, idle, silentLog);
    availability.onChanged(({ connectorId }) => {
      const status = [stationStatus, one, two][connectorId];
      status?.update({ availability: availability.effective(connectorId) });
    });
    transactions.add(1);
    expect(availability.change(0, "Inoperative")).toBe("Scheduled");
    expect([stationStatus, one, two].map((status) => status.current.status)).toEqual(["Available", "Charging", "Unavailable"]);
    transactions.delete(1);
    availability.transactionEnded(1);
    expect([stationStatus, one, two].map((status) => status.current.status)).toEqual(["Unavailable", "Unavailable", "Unavailable"]);
  });
});

describe("ConnectorAvailability: a hold out of service (a firmware install)", () => {
  test("takes idle connectors at once, a busy one when its transaction ends, the station once all are; nothing is stored", () => {
    const { availability, transactions, changes, effective, store } = station();
    transactions.add(2);
    availability.holdOutOfService("firmware install");
    expect(effective()).toEqual(["Operative", "Inoperative", "Operative"]);
    expect(availability.isAvailableForCharging(1)).toBe(false);
    expect(availability.isAvailableForCharging(2)).toBe(false);
    transactions.delete(2);
    availability.transactionEnded(2);
    expect(effective()).toEqual(["Inoperative", "Inoperative", "Inoperative"]);
    expect(changes).toEqual([
      { connectorId: 1, availability: "Inoperative", wasScheduled: false },
      { connectorId: 2, availability: "Inoperative", wasScheduled: false },
      { connectorId: 0, availability: "Inoperative", wasScheduled: false },
    ]);
    expect(store.saved.size).toBe(0);
    expect(availability.holdReason).toBe("firmware install");
  });

  test("released, gives back what the Central System set: a connector it made Inoperative stays so", () => {
    const { availability, changes, effective } = station();
    availability.change(2, "Inoperative");
    availability.holdOutOfService("firmware install");
    changes.length = 0;
    availability.releaseHold();
    expect(effective()).toEqual(["Operative", "Operative", "Inoperative"]);
    expect(changes).toEqual([
      { connectorId: 1, availability: "Operative", wasScheduled: false },
      { connectorId: 0, availability: "Operative", wasScheduled: false },
    ]);
    expect(availability.isAvailableForCharging(1)).toBe(true);
    expect(availability.holdReason).toBeUndefined();
  });

  test("a ChangeAvailability during the hold is stored and applies once the hold is released", () => {
    const { availability, effective, store } = station();
    availability.holdOutOfService("firmware install");
    expect(availability.change(1, "Inoperative")).toBe("Accepted");
    expect(store.saved.get(1)).toEqual({ availability: "Inoperative" });
    availability.releaseHold();
    expect(effective()).toEqual(["Operative", "Inoperative", "Operative"]);
  });
});
