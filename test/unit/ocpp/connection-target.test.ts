import { describe, expect, test } from "bun:test";
import { connectionTarget, stationUrl, tlsCipherSuites } from "../../../src/ocpp/connection-target.ts";

describe("stationUrl", () => {
  test("appends the percent-encoded identity as a path segment (J§3.1.1)", () => {
    expect(stationUrl("ws://cs.example:9000/ocppj", "RDAM 123", 0)).toBe("ws://cs.example:9000/ocppj/RDAM%20123");
    expect(stationUrl("ws://cs.example:9000/ocppj/", "CP1", 1)).toBe("ws://cs.example:9000/ocppj/CP1");
  });

  test("profiles 2 and 3 use wss:// on the same host, port and path", () => {
    expect(stationUrl("ws://cs.example:9000/ocpp", "CP1", 2)).toBe("wss://cs.example:9000/ocpp/CP1");
    expect(stationUrl("ws://cs.example:9000/ocpp", "CP1", 3)).toBe("wss://cs.example:9000/ocpp/CP1");
    expect(stationUrl("wss://cs.example/ocpp", "CP1", 0)).toBe("wss://cs.example/ocpp/CP1");
  });

  test("a URL that is not ws:// or wss:// is refused", () => {
    expect(() => stationUrl("http://cs.example/ocpp", "CP1", 0)).toThrow(/ws:\/\/ or wss:\/\//);
  });
});

describe("connectionTarget", () => {
  test("Basic auth carries the identity and the bytes of the hex AuthorizationKey (OCPP-J example)", () => {
    const target = connectionTarget("ws://cs/ocpp", "AL1000", { profile: 1, authorizationKeyHex: "0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF" });
    expect(target.headers).toEqual({ Authorization: "Basic QUwxMDAwOgABAgMEBQYH////////////////" });
  });

  test("profile 0 and profile 3 send no Authorization header", () => {
    expect(connectionTarget("ws://cs/ocpp", "CP1", { profile: 0 }).headers).toEqual({});
    const pem = { clientCertPem: "CERT", clientKeyPem: "KEY", caPem: "CA" };
    expect(connectionTarget("ws://cs/ocpp", "CP1", { profile: 3, authorizationKeyHex: "00", ...pem })).toEqual({
      url: "wss://cs/ocpp/CP1",
      headers: {},
      tls: { ca: "CA", cert: "CERT", key: "KEY", minVersion: "TLSv1.2", ciphers: tlsCipherSuites },
    });
  });

  test("a profile that needs credentials refuses to start without them", () => {
    expect(() => connectionTarget("ws://cs/ocpp", "CP1", { profile: 1 })).toThrow(/AuthorizationKey/);
    expect(() => connectionTarget("ws://cs/ocpp", "CP1", { profile: 2, authorizationKeyHex: "xyz" })).toThrow(/hex/);
    expect(() => connectionTarget("ws://cs/ocpp", "CP1", { profile: 3, caPem: "CA" })).toThrow(/certificate/);
  });
});

describe("TLS settings (§17.3)", () => {
  test("TLS 1.2 at least, and for 1.2 only the white paper's AES-GCM suites, ECDHE first", () => {
    const { tls } = connectionTarget("wss://cs/ocpp", "CP1", { profile: 2, authorizationKeyHex: "00112233445566778899AABBCCDDEEFF", caPem: "CA" });
    expect(tls.minVersion).toBe("TLSv1.2");
    expect(tls.ciphers.split(":")).toEqual([
      "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384", "AES128-GCM-SHA256", "AES256-GCM-SHA384",
    ]);
  });
});
