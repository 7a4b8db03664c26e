import type { StationConfig } from "./schema.ts";

/**
 * The configuration keys station.json sets: its `ocpp` section (already checked) and the initial
 * SecurityProfile and AuthorizationKey from `centralSystem` (LAB-INTERFACE).
 */
export function initialOcppValues(config: StationConfig, ocppOverrides: Record<string, string>): Record<string, string> {
  const { securityProfile, authorizationKey } = config.centralSystem;
  return { SecurityProfile: String(securityProfile), ...(authorizationKey ? { AuthorizationKey: authorizationKey } : {}), ...ocppOverrides };
}
