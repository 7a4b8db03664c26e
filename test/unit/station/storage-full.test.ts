import { describe, expect, test } from "bun:test";
import { stationRig } from "../../support/station-rig.ts";

describe("a full storage (issue 12: stays up, says so, refuses what it cannot record)", () => {
  test("connector 0 reports Faulted/OtherError while full and Available again after, without touching the connectors", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.storage.set(true);
    await rig.settle();
    expect(rig.payloadsOf("StatusNotification").filter((p) => p.connectorId === 0).at(-1)).toMatchObject({
      status: "Faulted",
      errorCode: "OtherError",
      info: "storage full: new transactions refused",
    });
    expect(rig.statuses(1)).toEqual([]);
    rig.storage.set(false);
    await rig.settle();
    expect(rig.payloadsOf("StatusNotification").filter((p) => p.connectorId === 0).at(-1)).toMatchObject({ status: "Available", errorCode: "NoError" });
  });

  test("a new transaction is refused while full; a running one goes on charging and its stop is recorded", async () => {
    const rig = stationRig();
    await rig.boot();
    await rig.charge(1, "FIRST");
    rig.storage.set(true);
    await rig.settle();
    expect(rig.c1.isContactorClosed).toBe(true);
    await rig.charge(2, "SECOND");
    expect(rig.payloadsOf("StartTransaction").map((p) => p.idTag)).toEqual(["FIRST"]);
    expect(rig.remoteStart("SECOND", 2)).toBe("Rejected");
    rig.hardware.swipe("FIRST");
    await rig.settle();
    expect(rig.payloadsOf("StopTransaction")).toHaveLength(1);
    expect(rig.store.open()).toEqual([]);
    rig.storage.set(false);
    rig.hardware.swipe("SECOND");
    await rig.settle();
    expect(rig.payloadsOf("StartTransaction").map((p) => p.idTag)).toEqual(["FIRST", "SECOND"]);
  });

  test("a start the store cannot record is not started: no energy, no StartTransaction", async () => {
    const rig = stationRig();
    await rig.boot();
    rig.store.begin = () => {
      throw new Error("transactions: recording a started transaction failed: database or disk is full");
    };
    await rig.charge(1);
    expect(rig.payloadsOf("StartTransaction")).toEqual([]);
    expect(rig.c1.isContactorClosed).toBe(false);
    expect(rig.c1.offeredA).toBeNull();
  });

  test("while full no meter reading is written (the space is kept for stops); sampling resumes after", async () => {
    const rig = stationRig({ ocpp: { MeterValueSampleInterval: "10" } });
    await rig.boot();
    await rig.charge(1);
    rig.storage.set(true);
    await rig.settle(35_000);
    expect(rig.payloadsOf("MeterValues")).toEqual([]);
    rig.storage.set(false);
    await rig.settle(10_000);
    expect(rig.payloadsOf("MeterValues")).toHaveLength(1);
  });

  test("samples the store cannot take are skipped; the transaction's stop still carries the whole register", async () => {
    const rig = stationRig({ ocpp: { MeterValueSampleInterval: "10" } });
    await rig.boot();
    await rig.charge(1);
    const recordMeter = rig.store.recordMeter.bind(rig.store);
    let isFull = true;
    rig.store.recordMeter = (...args) => {
      if (isFull) throw new Error("transactions: recording a meter reading failed: database or disk is full");
      recordMeter(...args);
    };
    rig.c1.energyWh = 500;
    await rig.settle(35_000);
    expect(rig.payloadsOf("MeterValues")).toEqual([]);
    isFull = false;
    rig.c1.energyWh = 900;
    await rig.settle(10_000);
    expect(rig.payloadsOf("MeterValues")).toHaveLength(1);
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(rig.payloadsOf("StopTransaction")[0]).toMatchObject({ meterStop: 900 });
  });
});
