import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

type Key = { key: string; readonly: boolean; value?: string };

/** TEST-CASES.md §13.1: the Core keys OCTT checks, with the accessibility it accepts. */
const coreKeys: Record<string, ("R" | "RW")[]> = {
  AuthorizeRemoteTxRequests: ["R", "RW"],
  ClockAlignedDataInterval: ["RW"],
  ConnectionTimeOut: ["RW"],
  ConnectorPhaseRotation: ["RW"],
  GetConfigurationMaxKeys: ["R"],
  HeartbeatInterval: ["RW"],
  LocalAuthorizeOffline: ["RW"],
  LocalPreAuthorize: ["RW"],
  MeterValuesAlignedData: ["RW"],
  MeterValuesSampledData: ["RW"],
  MeterValueSampleInterval: ["RW"],
  NumberOfConnectors: ["R"],
  ResetRetries: ["RW"],
  StopTransactionOnInvalidId: ["RW"],
  StopTxnAlignedData: ["RW"],
  StopTxnSampledData: ["RW"],
  SupportedFeatureProfiles: ["R"],
  TransactionMessageAttempts: ["RW"],
  TransactionMessageRetryInterval: ["RW"],
  UnlockConnectorOnEVSideDisconnect: ["R", "RW"],
};
const profileNames = ["Core", "FirmwareManagement", "LocalAuthListManagement", "Reservation", "SmartCharging", "RemoteTrigger"];

describe("TC_019_CS Retrieve configuration", () => {
  test("GetConfiguration reports the profiles, every required Core key with its accessibility, and GetConfigurationMaxKeys keys at once", async () => {
    const station = await ConformanceStation.start();

    const profiles = await station.request("GetConfiguration", { key: ["SupportedFeatureProfiles"] });
    expect(profiles.unknownKey ?? []).toEqual([]);
    const supported = (profiles.configurationKey as Key[]).find((k) => k.key === "SupportedFeatureProfiles");
    const names = supported!.value!.split(",").map((name) => name.trim());
    expect(names).toContain("Core");
    expect(names.filter((name) => !profileNames.includes(name))).toEqual([]);

    const all = await station.request("GetConfiguration", {});
    const byName = new Map((all.configurationKey as Key[]).map((k) => [k.key, k]));
    const wrong = Object.entries(coreKeys).filter(([key, access]) => {
      const found = byName.get(key);
      return !found || !access.includes(found.readonly ? "R" : "RW");
    });
    expect(wrong.map(([key]) => key)).toEqual([]);

    const max = await station.request("GetConfiguration", { key: ["GetConfigurationMaxKeys"] });
    const maxKeys = Number((max.configurationKey as Key[])[0]!.value);
    expect(maxKeys).toBeGreaterThan(0);

    const asked = [...byName.keys()].slice(0, Math.min(maxKeys, byName.size));
    const some = await station.request("GetConfiguration", { key: asked });
    expect(some.unknownKey ?? []).toEqual([]);
    expect((some.configurationKey as Key[]).map((k) => k.key).sort()).toEqual([...asked].sort());
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
