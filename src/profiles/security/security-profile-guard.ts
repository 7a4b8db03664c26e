import type { ChangeGuard } from "../../station/configuration/configuration.ts";

/**
 * §17.1 (A05.FR.01-04): SecurityProfile may only be raised, and only to a profile the station has
 * what it needs for: an AuthorizationKey for 1 and 2, a Central System root certificate for 2 and 3,
 * its own certificate for 3.
 */
export function securityProfileGuard(has: { authorizationKey(): boolean; caCertificate(): boolean; clientCertificate(): boolean }): ChangeGuard {
  return (value, current) => {
    const next = Number(value);
    if (next <= Number(current ?? 0)) return "the security profile may only be raised";
    if ((next === 1 || next === 2) && !has.authorizationKey()) return "no AuthorizationKey is set";
    if (next >= 2 && !has.caCertificate()) return "no Central System root certificate is installed";
    if (next === 3 && !has.clientCertificate()) return "no Charge Point certificate is installed";
    return undefined;
  };
}
