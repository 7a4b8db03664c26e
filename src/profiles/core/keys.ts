import { bool, count, type KeyDefinition, type KeyMap, seconds } from "../../station/configuration/key-definition.ts";
import { supportedMeasurands } from "../../station/metering/sampled-values.ts";

const phaseRotations = ["NotApplicable", "Unknown", "RST", "RTS", "SRT", "STR", "TRS", "TSR"];
const hour = 3600;
const day = 24 * hour;

const measurandList = (maxItemsKey: string) =>
  ({ type: "list", item: (item: string) => (supportedMeasurands as readonly string[]).includes(item), maxItemsKey }) as const;

/** The Core profile's keys (SPEC-DIGEST §16.1) with the certified CSC-22B7's factory values. */
export const coreKeys = [
  { key: "AllowOfflineTxForUnknownId", access: "RW", rule: bool, factory: "false" },
  { key: "AuthorizationCacheEnabled", access: "RW", rule: bool, factory: "false" },
  { key: "AuthorizeRemoteTxRequests", access: "RW", rule: bool, factory: "true" },
  { key: "BlinkRepeat", access: "RW", rule: count(0, 100), factory: "3" },
  { key: "ClockAlignedDataInterval", access: "RW", rule: seconds(day), factory: "0" },
  { key: "ConnectionTimeOut", access: "RW", rule: count(1, hour), factory: "60" },
  {
    key: "ConnectorPhaseRotation",
    access: "RW",
    // C§9.1.7: "0.RST, 1.RST, 2.RTS" — connector number, then the rotation.
    rule: { type: "list", item: (item: string) => phaseRotations.includes(item.replace(/^[0-2]\./, "")), maxItemsKey: "ConnectorPhaseRotationMaxLength" },
    factory: "NotApplicable",
  },
  { key: "ConnectorPhaseRotationMaxLength", access: "R", rule: count(1, 3), factory: "3", isFact: true },
  { key: "GetConfigurationMaxKeys", access: "R", rule: count(1, 100), factory: "4" },
  { key: "HeartbeatInterval", access: "RW", rule: seconds(day), factory: "270" },
  { key: "LightIntensity", access: "RW", rule: count(0, 100), factory: "100" },
  { key: "LocalAuthorizeOffline", access: "RW", rule: bool, factory: "true" },
  { key: "LocalPreAuthorize", access: "RW", rule: bool, factory: "false" },
  { key: "MaxEnergyOnInvalidId", access: "RW", rule: count(0, 1_000_000), factory: "0" },
  { key: "MeterValuesAlignedData", access: "RW", rule: measurandList("MeterValuesAlignedDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "MeterValuesAlignedDataMaxLength", access: "R", rule: count(1, 10), factory: "10" },
  { key: "MeterValuesSampledData", access: "RW", rule: measurandList("MeterValuesSampledDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "MeterValuesSampledDataMaxLength", access: "R", rule: count(1, 10), factory: "10" },
  { key: "MeterValueSampleInterval", access: "RW", rule: seconds(day), factory: "20" },
  { key: "MinimumStatusDuration", access: "RW", rule: seconds(hour), factory: "90" },
  { key: "NumberOfConnectors", access: "R", rule: count(1, 2), factory: "2", isFact: true },
  { key: "ResetRetries", access: "RW", rule: count(0, 10), factory: "2" },
  { key: "StopTransactionOnEVSideDisconnect", access: "RW", rule: bool, factory: "false" },
  { key: "StopTransactionOnInvalidId", access: "RW", rule: bool, factory: "true" },
  { key: "StopTxnAlignedData", access: "RW", rule: measurandList("StopTxnAlignedDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "StopTxnAlignedDataMaxLength", access: "R", rule: count(0, 10), factory: "10" },
  { key: "StopTxnSampledData", access: "RW", rule: measurandList("StopTxnSampledDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "StopTxnSampledDataMaxLength", access: "R", rule: count(0, 10), factory: "10" },
  // Derived from the registered profiles when the key table is built (src/profiles/registry.ts).
  { key: "SupportedFeatureProfiles", access: "R", rule: { type: "list", item: () => true }, factory: undefined, isFact: true },
  { key: "SupportedFeatureProfilesMaxLength", access: "R", rule: count(1, 6), factory: "6", isFact: true },
  { key: "TransactionMessageAttempts", access: "RW", rule: count(1, 10), factory: "2" },
  { key: "TransactionMessageRetryInterval", access: "RW", rule: seconds(day), factory: "90" },
  // E3.83: a fixed cable has no station-side lock to release; reported false, not changeable.
  { key: "UnlockConnectorOnEVSideDisconnect", access: "R", rule: bool, factory: "false", isFact: true },
  { key: "WebSocketPingInterval", access: "RW", rule: seconds(day), factory: "300" },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof coreKeys> {}
}
