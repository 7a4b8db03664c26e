import { describe, expect, test } from "bun:test";
import { core } from "../../../../src/profiles/core/index.ts";
import { security } from "../../../../src/profiles/security/index.ts";
import { centralSystemLink } from "../../../support/central-system-link.ts";
import { stationRig } from "../../../support/station-rig.ts";

async function setup(options: Parameters<typeof stationRig>[0] = {}) {
  const rig = stationRig(options);
  await rig.boot();
  const link = centralSystemLink(rig);
  const exchange = (action: string, payload: unknown) => link.exchange(action, payload, "id");
  return { rig, exchange };
}

describe("Core handlers", () => {
  test("GetConfiguration with keys answers known ones and lists unknown ones (TC_019)", async () => {
    const { exchange } = await setup();
    expect(await exchange("GetConfiguration", { key: ["SupportedFeatureProfiles", "Nope"] })).toEqual([
      3, "id", { configurationKey: [{ key: "SupportedFeatureProfiles", readonly: true, value: expect.stringMatching(/^Core(,|$)/) }], unknownKey: ["Nope"] },
    ]);
  });

  test("GetConfiguration without keys answers every key, more keys than GetConfigurationMaxKeys is a CALLERROR", async () => {
    const { exchange } = await setup();
    const all = (await exchange("GetConfiguration", {})) as [number, string, { configurationKey: unknown[] }];
    expect(all[2].configurationKey.length).toBeGreaterThan(30);
    const tooMany = await exchange("GetConfiguration", { key: ["a", "b", "c", "d", "e"] });
    expect(tooMany?.slice(0, 3)).toEqual([4, "id", "OccurenceConstraintViolation"]);
  });

  test("ChangeConfiguration: Accepted, NotSupported, Rejected (TC_021, TC_040_1, TC_040_2)", async () => {
    const { exchange } = await setup();
    expect(await exchange("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "15" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(await exchange("ChangeConfiguration", { key: "Testing", value: "true" })).toEqual([3, "id", { status: "NotSupported" }]);
    expect(await exchange("ChangeConfiguration", { key: "MeterValueSampleInterval", value: "-1" })).toEqual([3, "id", { status: "Rejected" }]);
  });

  test("UnlockConnector on a fixed cable is NotSupported and leaves the transaction running (TC_017_2, TC_018_2, TC_031)", async () => {
    const { rig, exchange } = await setup();
    rig.c1.setPilot("C");
    rig.hardware.swipe("CARD");
    await rig.settle();
    expect(await exchange("UnlockConnector", { connectorId: 1 })).toEqual([3, "id", { status: "NotSupported" }]);
    expect(await exchange("UnlockConnector", { connectorId: 3 })).toEqual([3, "id", { status: "NotSupported" }]);
    expect(rig.station.sessions.hasTransaction(1)).toBe(true);
  });

  test("DataTransfer for an unknown vendor is UnknownVendorId (TC_062)", async () => {
    const { exchange } = await setup();
    expect(await exchange("DataTransfer", { vendorId: "acme" })).toEqual([3, "id", { status: "UnknownVendorId" }]);
  });

  test("ClearCache, ChangeAvailability and Reset answer and act", async () => {
    const { rig, exchange } = await setup();
    const resets: unknown[] = [];
    rig.station.lifecycle.onRequested((outcome) => resets.push(outcome));
    expect(await exchange("ClearCache", {})).toEqual([3, "id", { status: "Accepted" }]);
    expect(await exchange("ChangeAvailability", { connectorId: 2, type: "Inoperative" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(await exchange("ChangeAvailability", { connectorId: 7, type: "Inoperative" })).toEqual([3, "id", { status: "Rejected" }]);
    expect(await exchange("Reset", { type: "Soft" })).toEqual([3, "id", { status: "Accepted" }]);
    expect(resets).toEqual([{ kind: "reset", type: "Soft" }]);
  });

  test("actions of profiles not registered are NotSupported", async () => {
    const { exchange } = await setup({ profiles: [core, security] });
    expect((await exchange("ClearChargingProfile", {}))?.slice(0, 3)).toEqual([4, "id", "NotSupported"]);
    expect((await exchange("ReserveNow", { connectorId: 1, expiryDate: "2030-01-01T00:00:00Z", idTag: "A", reservationId: 1 }))?.slice(0, 3)).toEqual([4, "id", "NotSupported"]);
  });
});
