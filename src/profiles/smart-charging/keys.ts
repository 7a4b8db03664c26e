import { bool, count, type KeyDefinition, type KeyMap } from "../../station/configuration/key-definition.ts";

/** Beyond the anchors' caps (MicroOcpp: 8 stack levels, 24 periods, 10 profiles); the composite stays within 5 ms at these (test/bench/README.md). */
export const maxStackLevel = 100;
export const maxPeriodsPerSchedule = 1_000;
export const maxProfilesInstalled = 100;

const rateUnits = ["Current", "Power"];

/** The Smart Charging keys (SPEC-DIGEST §14.8, C§9.4): facts of this firmware, read-only. */
export const smartChargingKeys = [
  { key: "ChargeProfileMaxStackLevel", access: "R", rule: count(0, maxStackLevel), factory: String(maxStackLevel), isFact: true },
  // E3.86: Current = A may be used, Power = W may be used; both are converted (§14.3).
  { key: "ChargingScheduleAllowedChargingRateUnit", access: "R", rule: { type: "list", item: (item: string) => rateUnits.includes(item) }, factory: "Current,Power", isFact: true },
  { key: "ChargingScheduleMaxPeriods", access: "R", rule: count(1, maxPeriodsPerSchedule), factory: String(maxPeriodsPerSchedule), isFact: true },
  // C§3.13.7: no phase switching during a transaction; the contactors switch all phases together.
  { key: "ConnectorSwitch3to1PhaseSupported", access: "R", rule: bool, factory: "false", isFact: true },
  { key: "MaxChargingProfilesInstalled", access: "R", rule: count(1, maxProfilesInstalled), factory: String(maxProfilesInstalled), isFact: true },
] as const satisfies readonly KeyDefinition[];

declare module "../../station/configuration/key-definition.ts" {
  interface KeyRegistry extends KeyMap<typeof smartChargingKeys> {}
}
