import { describe, expect, test } from "bun:test";
import { connectionTarget, stationUrl } from "../../../src/ocpp/connection-target.ts";

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
      tls: { ca: "CA", cert: "CERT", key: "KEY" },
    });
  });

  test("a profile that needs credentials refuses to start without them", () => {
    expect(() => connectionTarget("ws://cs/ocpp", "CP1", { profile: 1 })).toThrow(/AuthorizationKey/);
    expect(() => connectionTarget("ws://cs/ocpp", "CP1", { profile: 2, authorizationKeyHex: "xyz" })).toThrow(/hex/);
    expect(() => connectionTarget("ws://cs/ocpp", "CP1", { profile: 3, caPem: "CA" })).toThrow(/certificate/);
  });
});
