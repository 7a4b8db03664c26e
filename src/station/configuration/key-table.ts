/**
 * Every OCPP configuration key the firmware knows, in one table (SPEC-DIGEST §16). Values are
 * kept as on the wire (strings); `value-rules.ts` checks them. A key appears in GetConfiguration
 * only while its profile is implemented.
 */
export type FeatureProfile = "Core" | "FirmwareManagement" | "LocalAuthListManagement" | "Reservation" | "SmartCharging" | "RemoteTrigger";
export type KeyProfile = FeatureProfile | "Security";

export type ValueRule =
  | { type: "boolean" }
  | { type: "integer"; min: number; max: number }
  | { type: "list"; item: (item: string) => boolean; maxItemsKey?: string }
  | { type: "hex"; minBytes: number; maxBytes: number }
  | { type: "string"; maxLength: number };

export type KeyDefinition = {
  key: string;
  profile: KeyProfile;
  /** R: read-only; RW: ChangeConfiguration may write it; W: write-only (never read back). */
  access: "R" | "RW" | "W";
  rule: ValueRule;
  /** The CSC-22B7's factory value; undefined = unset until configured. */
  factory: string | undefined;
  /** A fact of this firmware or hardware: neither the Central System nor station.json may set it. */
  isFact?: boolean;
};

/** Measurands the CSC-22B7 really measures or knows (S0 energy meter, pilot offer). */
export const supportedMeasurands = [
  "Energy.Active.Import.Register",
  "Energy.Active.Import.Interval",
  "Power.Active.Import",
  "Current.Offered",
] as const;

const phaseRotations = ["NotApplicable", "Unknown", "RST", "RTS", "SRT", "STR", "TRS", "TSR"];
const hour = 3600;
const day = 24 * hour;

const bool = { type: "boolean" } as const;
const seconds = (max: number): ValueRule => ({ type: "integer", min: 0, max });
const count = (min: number, max: number): ValueRule => ({ type: "integer", min, max });
const measurandList = (maxItemsKey: string): ValueRule => ({
  type: "list",
  item: (item) => (supportedMeasurands as readonly string[]).includes(item),
  maxItemsKey,
});

export const keyTable: readonly KeyDefinition[] = [
  { key: "AllowOfflineTxForUnknownId", profile: "Core", access: "RW", rule: bool, factory: "false" },
  { key: "AuthorizationCacheEnabled", profile: "Core", access: "RW", rule: bool, factory: "false" },
  { key: "AuthorizeRemoteTxRequests", profile: "Core", access: "RW", rule: bool, factory: "true" },
  { key: "BlinkRepeat", profile: "Core", access: "RW", rule: count(0, 100), factory: "3" },
  { key: "ClockAlignedDataInterval", profile: "Core", access: "RW", rule: seconds(day), factory: "0" },
  { key: "ConnectionTimeOut", profile: "Core", access: "RW", rule: count(1, hour), factory: "60" },
  {
    key: "ConnectorPhaseRotation",
    profile: "Core",
    access: "RW",
    // C§9.1.7: "0.RST, 1.RST, 2.RTS" — connector number, then the rotation.
    rule: { type: "list", item: (item) => phaseRotations.includes(item.replace(/^[0-2]\./, "")), maxItemsKey: "ConnectorPhaseRotationMaxLength" },
    factory: "NotApplicable",
  },
  { key: "ConnectorPhaseRotationMaxLength", profile: "Core", access: "R", rule: count(1, 3), factory: "3", isFact: true },
  { key: "GetConfigurationMaxKeys", profile: "Core", access: "R", rule: count(1, 100), factory: "4" },
  { key: "HeartbeatInterval", profile: "Core", access: "RW", rule: seconds(day), factory: "270" },
  { key: "LightIntensity", profile: "Core", access: "RW", rule: count(0, 100), factory: "100" },
  { key: "LocalAuthorizeOffline", profile: "Core", access: "RW", rule: bool, factory: "true" },
  { key: "LocalPreAuthorize", profile: "Core", access: "RW", rule: bool, factory: "false" },
  { key: "MaxEnergyOnInvalidId", profile: "Core", access: "RW", rule: count(0, 1_000_000), factory: "0" },
  { key: "MeterValuesAlignedData", profile: "Core", access: "RW", rule: measurandList("MeterValuesAlignedDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "MeterValuesAlignedDataMaxLength", profile: "Core", access: "R", rule: count(1, 10), factory: "10" },
  { key: "MeterValuesSampledData", profile: "Core", access: "RW", rule: measurandList("MeterValuesSampledDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "MeterValuesSampledDataMaxLength", profile: "Core", access: "R", rule: count(1, 10), factory: "10" },
  { key: "MeterValueSampleInterval", profile: "Core", access: "RW", rule: seconds(day), factory: "20" },
  { key: "MinimumStatusDuration", profile: "Core", access: "RW", rule: seconds(hour), factory: "90" },
  { key: "NumberOfConnectors", profile: "Core", access: "R", rule: count(1, 2), factory: "2", isFact: true },
  { key: "ResetRetries", profile: "Core", access: "RW", rule: count(0, 10), factory: "2" },
  { key: "StopTransactionOnEVSideDisconnect", profile: "Core", access: "RW", rule: bool, factory: "false" },
  { key: "StopTransactionOnInvalidId", profile: "Core", access: "RW", rule: bool, factory: "true" },
  { key: "StopTxnAlignedData", profile: "Core", access: "RW", rule: measurandList("StopTxnAlignedDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "StopTxnAlignedDataMaxLength", profile: "Core", access: "R", rule: count(0, 10), factory: "10" },
  { key: "StopTxnSampledData", profile: "Core", access: "RW", rule: measurandList("StopTxnSampledDataMaxLength"), factory: "Energy.Active.Import.Register" },
  { key: "StopTxnSampledDataMaxLength", profile: "Core", access: "R", rule: count(0, 10), factory: "10" },
  { key: "SupportedFeatureProfiles", profile: "Core", access: "R", rule: { type: "list", item: () => true }, factory: undefined, isFact: true },
  { key: "SupportedFeatureProfilesMaxLength", profile: "Core", access: "R", rule: count(1, 6), factory: "6", isFact: true },
  { key: "TransactionMessageAttempts", profile: "Core", access: "RW", rule: count(1, 10), factory: "2" },
  { key: "TransactionMessageRetryInterval", profile: "Core", access: "RW", rule: seconds(day), factory: "90" },
  // E3.83: a fixed cable has no station-side lock to release; reported false, not changeable.
  { key: "UnlockConnectorOnEVSideDisconnect", profile: "Core", access: "R", rule: bool, factory: "false", isFact: true },
  { key: "WebSocketPingInterval", profile: "Core", access: "RW", rule: seconds(day), factory: "300" },
  { key: "AuthorizationKey", profile: "Security", access: "W", rule: { type: "hex", minBytes: 16, maxBytes: 20 }, factory: undefined },
  { key: "SecurityProfile", profile: "Security", access: "RW", rule: count(0, 3), factory: "0" },
];

const byLowerCaseName = new Map(keyTable.map((definition) => [definition.key.toLowerCase(), definition]));

/** §3: key names are CiString50, so matching ignores case; the table's spelling is canonical. */
export function findKey(name: string): KeyDefinition | undefined {
  return byLowerCaseName.get(name.toLowerCase());
}
