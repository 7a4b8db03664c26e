import { describe, expect, test } from "bun:test";
import { securityProfileGuard } from "../../../../src/profiles/security/security-profile-guard.ts";

const having = (authorizationKey: boolean, caCertificate: boolean, clientCertificate: boolean) =>
  securityProfileGuard({ authorizationKey: () => authorizationKey, caCertificate: () => caCertificate, clientCertificate: () => clientCertificate });

describe("SecurityProfile changes (§17.1, A05)", () => {
  test("may only be raised", () => {
    const guard = having(true, true, true);
    expect(guard("1", "1")).toBe("the security profile may only be raised");
    expect(guard("0", "2")).toBe("the security profile may only be raised");
    expect(guard("2", "1")).toBeUndefined();
  });

  test("need what the new profile uses", () => {
    expect(having(false, true, true)("1", "0")).toBe("no AuthorizationKey is set");
    expect(having(true, false, true)("2", "1")).toBe("no Central System root certificate is installed");
    expect(having(true, true, false)("3", "2")).toBe("no Charge Point certificate is installed");
    expect(having(false, true, true)("3", "0")).toBeUndefined();
  });
});
