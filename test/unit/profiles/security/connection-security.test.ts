import { describe, expect, test } from "bun:test";
import { securityEventOf } from "../../../../src/profiles/security/connection-security.ts";
import { securityRig } from "./security-rig.ts";

const key = "00112233445566778899AABBCCDDEEFF";
const failed = (securityProfile: number, message: string, kind = "tlsError") => ({ kind: "failed" as const, securityProfile, failure: { kind, message } });

describe("a raised security profile (A05)", () => {
  test("is kept once a connection with it succeeds", async () => {
    const { rig, request, security } = await securityRig({ ocpp: { AuthorizationKey: key } });
    rig.connection.attempt({ kind: "connected", securityProfile: 0 });
    expect(await request("ChangeConfiguration", { key: "SecurityProfile", value: "1" })).toEqual({ status: "Accepted" });
    expect(rig.connection.reconnects).toEqual(["SecurityProfile changed"]);
    rig.connection.attempt({ kind: "connected", securityProfile: 1 });
    await rig.settle();
    // A later failure (the network) does not undo it.
    rig.connection.attempt(failed(1, "connection refused", "connectionRefused"));
    expect(rig.configuration.integer("SecurityProfile")).toBe(1);
    expect(security.events.latest(1)[0]).toMatchObject({ type: "ReconfigurationOfSecurityParameters", techInfo: "SecurityProfile 0 → 1" });
  });

  test("falls back to the one before when its first connection fails (A05.FR.08), stored, recorded and reconnected", async () => {
    const { rig, request, events } = await securityRig({ ocpp: { AuthorizationKey: key } });
    rig.connection.attempt({ kind: "connected", securityProfile: 0 });
    expect(await request("ChangeConfiguration", { key: "SecurityProfile", value: "1" })).toEqual({ status: "Accepted" });
    rig.connection.attempt(failed(1, "HTTP 401", "credentialsRejected"));
    expect(rig.configuration.integer("SecurityProfile")).toBe(0);
    expect(rig.connection.reconnects).toEqual(["SecurityProfile changed", "SecurityProfile 1 failed; back to 0"]);
    rig.csms.connect();
    await rig.settle();
    expect(events()).toEqual([
      "ReconfigurationOfSecurityParameters: SecurityProfile 0 → 1",
      "FailedToAuthenticateAtCentralSystem: HTTP 401",
      "ReconfigurationOfSecurityParameters: SecurityProfile 1 failed to connect (HTTP 401); back to 0",
    ]);
  });

  test("a power cut before the first connection: the next start tries the raised profile, and falls back if it fails", async () => {
    const first = await securityRig({ ocpp: { AuthorizationKey: key } });
    first.rig.connection.attempt({ kind: "connected", securityProfile: 0 });
    expect(await first.request("ChangeConfiguration", { key: "SecurityProfile", value: "1" })).toEqual({ status: "Accepted" });
    const again = await securityRig({ database: first.rig.database, ocpp: { AuthorizationKey: key, SecurityProfile: "1" } });
    again.rig.connection.attempt(failed(1, "TLS / certificate error: x"));
    expect(again.rig.configuration.integer("SecurityProfile")).toBe(0);
  });
});

describe("connection failures as security events (§17.3)", () => {
  test("each kind once per outage, again after a connection", async () => {
    const { rig, security } = await securityRig();
    const version = failed(2, "TLS / certificate error: error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION (EPROTO)");
    rig.connection.attempt(version);
    rig.connection.attempt(version);
    rig.connection.attempt(failed(2, "TLS / certificate error: unable to verify the first certificate (UNABLE_TO_VERIFY_LEAF_SIGNATURE)"));
    rig.connection.attempt({ kind: "connected", securityProfile: 2 });
    await rig.settle();
    rig.connection.attempt(version);
    expect(security.events.latest(10).map((e) => e.type).reverse().filter((t) => t !== "StartupOfTheDevice")).toEqual(["InvalidTLSVersion", "InvalidCentralSystemCertificate", "InvalidTLSVersion"]);
  });

  test.each([
    ["TLS / certificate error: error:10000410:SSL routines:OPENSSL_internal:SSLV3_ALERT_HANDSHAKE_FAILURE (EPROTO)", "InvalidTLSCipherSuite"],
    ["TLS / certificate error: error:100000b8:SSL routines:OPENSSL_internal:NO_SHARED_CIPHER", "InvalidTLSCipherSuite"],
    ["TLS / certificate error: error:1000042e:SSL routines:OPENSSL_internal:TLSV1_ALERT_PROTOCOL_VERSION (EPROTO)", "InvalidTLSVersion"],
    ["TLS / certificate error: self signed certificate in certificate chain (SELF_SIGNED_CERT_IN_CHAIN)", "InvalidCentralSystemCertificate"],
    ["TLS / certificate error: Hostname/IP does not match certificate's altnames (ERR_TLS_CERT_ALTNAME_INVALID)", "InvalidCentralSystemCertificate"],
    ["TLS / certificate error: certificate has expired (CERT_HAS_EXPIRED)", "InvalidCentralSystemCertificate"],
    ["TLS / certificate error: error:1000045c:SSL routines:OPENSSL_internal:TLSV13_ALERT_CERTIFICATE_REQUIRED", "FailedToAuthenticateAtCentralSystem"],
  ])("%s is %s", (message, event) => {
    expect(securityEventOf({ kind: "tlsError", message })).toBe(event as never);
  });

  test("a 401 is FailedToAuthenticateAtCentralSystem; a refused or timed-out connection is no security event", () => {
    expect(securityEventOf({ kind: "credentialsRejected", message: "HTTP 401", statusCode: 401 })).toBe("FailedToAuthenticateAtCentralSystem");
    expect(securityEventOf({ kind: "connectionRefused", message: "connection refused" })).toBeUndefined();
    expect(securityEventOf({ kind: "httpStatus", message: "HTTP 503", statusCode: 503 })).toBeUndefined();
  });
});
