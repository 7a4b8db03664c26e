import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, basicAuth, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

/** §17.3 / TEST-CASES TC_086: the white paper's TLS 1.2 suite pairs (OpenSSL names). */
const whitePaperSuites = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "AES128-GCM-SHA256", "AES256-GCM-SHA384"];

describe("TC_086_CS TLS - server-side certificate - Valid certificate", () => {
  test("at security profile 2 the station verifies the server against the CentralSystemRootCertificate, TLS ≥ 1.2, Basic auth inside, then boots", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    const { csms, tls } = station;
    // Steps 1-2: TLS 1.2 or newer with a suite the white paper allows; the station sent no client certificate at SP2.
    const session = tls!.sessions.at(-1)!;
    expect(["TLSv1.2", "TLSv1.3"]).toContain(session.protocol!);
    expect(session.client).toBeUndefined();
    // Step 3: Basic auth as in TC_085. Steps 4-5: BootNotification Accepted and the statuses (untilIdle in start).
    expect(csms.connections.at(-1)?.authorization).toBe(basicAuth());
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("the white paper's TLS 1.2 suites are all offered: a Central System that takes only one of them is reached each time", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
    });
    const { csms, tls } = station;
    for (const suite of whitePaperSuites) {
      const server = suite.startsWith("ECDHE-ECDSA") ? pki.server : pki.serverRsa;
      const connections = csms.connections.length;
      await tls!.restart({ ...pki.tls(), maxVersion: "TLSv1.2", ciphers: suite, cert: server.certPem, key: server.keyPem });
      await csms.until(() => csms.connections.length > connections && csms.isStationConnected, 15_000, `a connection with ${suite} only`);
      expect(tls!.sessions.at(-1)).toMatchObject({ protocol: "TLSv1.2", cipher: suite });
    }
  }, caseTimeoutMs);
});
