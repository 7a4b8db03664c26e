import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { waitFor } from "../../support/system-clock.ts";
import { type TlsFixtures, makeTlsFixtures } from "../../support/tls-fixtures.ts";
import type { SecuritySettings } from "../../../src/ocpp/connection-target.ts";
import { WsTestServer, type WsTestServerOptions } from "../../support/ws-test-server.ts";
import { closeAllTransports, startTransport } from "./transport-helpers.ts";

const keyHex = "0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF";
const servers: WsTestServer[] = [];
let pki: TlsFixtures;
beforeAll(() => {
  pki = makeTlsFixtures();
});
afterEach(async () => {
  await closeAllTransports();
  for (const server of servers.splice(0)) await server.stop();
});

function csms(tls?: WsTestServerOptions["tls"]): WsTestServer {
  const server = new WsTestServer(tls === undefined ? {} : { tls });
  servers.push(server);
  return server;
}

function basicPassword(header: string | null | undefined): Buffer {
  const decoded = Buffer.from((header ?? "").replace(/^Basic /, ""), "base64");
  return decoded.subarray(decoded.indexOf(":") + 1);
}

describe("security profile 1", () => {
  test("sends Basic auth with the identity and the key's bytes over ws://, and never logs the password", async () => {
    const server = csms();
    const { transport, lines } = startTransport(server.url(), { chargePointId: "AL1000", security: { profile: 1, authorizationKeyHex: keyHex } });
    await waitFor(() => transport.state === "connected", "connected");
    const header = server.upgrades[0]?.authorization;
    expect(header).toBe("Basic QUwxMDAwOgABAgMEBQYH////////////////");
    expect(basicPassword(header)).toEqual(Buffer.from(keyHex, "hex"));
    const log = lines.join("\n");
    expect(log).not.toContain(keyHex);
    expect(log).not.toContain("QUwxMDAwOgABAgMEBQYH");
    expect(log).not.toMatch(/authorization/i);
  });

  test("a new AuthorizationKey is used after reconnect()", async () => {
    const server = csms();
    const { transport, count } = startTransport(server.url(), { security: { profile: 1, authorizationKeyHex: keyHex } });
    await waitFor(() => transport.state === "connected", "connected");
    transport.setSecurity({ profile: 1, authorizationKeyHex: "AABBCCDDEEFF00112233445566778899" });
    transport.reconnect("AuthorizationKey changed");
    await waitFor(() => count("connected") === 2, "the reconnection");
    expect(basicPassword(server.upgrades[1]?.authorization).toString("hex")).toBe("aabbccddeeff00112233445566778899");
  });
});

describe("security profile 2", () => {
  test("connects over wss:// to the same host, port and path when configured with ws://, verifying the server against the CA", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem });
    const wsUrl = server.url("localhost", "ws");
    const { transport } = startTransport(wsUrl, { security: { profile: 2, authorizationKeyHex: keyHex, caPem: pki.caPem } });
    await waitFor(() => transport.state === "connected", "connected");
    expect(transport.status.url).toBe(`wss://localhost:${server.port}/ocpp/CP-1`);
    expect(basicPassword(server.upgrades[0]?.authorization)).toEqual(Buffer.from(keyHex, "hex"));
  });

  test("a server certificate from another CA fails with a TLS error in words", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem });
    const { transport, disconnects } = startTransport(server.url("localhost"), {
      security: { profile: 2, authorizationKeyHex: keyHex, caPem: pki.otherCaPem },
    });
    await waitFor(() => disconnects().length >= 1, "the failure");
    expect(transport.status.lastError).toMatchObject({ kind: "tlsError", message: expect.stringMatching(/^TLS \/ certificate error: .*certificate/) });
    expect(server.upgrades).toEqual([]);
  });

  test("a server certificate for another host name fails with a TLS error", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem });
    const { disconnects } = startTransport(server.url("127.0.0.1"), {
      security: { profile: 2, authorizationKeyHex: keyHex, caPem: pki.caPem },
    });
    await waitFor(() => disconnects().length >= 1, "the failure");
    expect(disconnects()[0]?.reason).toMatchObject({ kind: "tlsError" });
    expect(server.upgrades).toEqual([]);
  });
});

describe("security profile 3", () => {
  const mutualTls = () => ({ cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caPem, requestCert: true, rejectUnauthorized: true });

  test("presents the charge point certificate, which a server demanding one accepts", async () => {
    const server = csms(mutualTls());
    const { transport } = startTransport(server.url("localhost"), {
      security: { profile: 3, caPem: pki.caPem, clientCertPem: pki.clientCertPem, clientKeyPem: pki.clientKeyPem },
    });
    await waitFor(() => transport.state === "connected", "connected");
    expect(server.upgrades[0]?.authorization).toBeNull();
  });

  test("without a client certificate the same server refuses the connection", async () => {
    const server = csms(mutualTls());
    const { transport, disconnects, count } = startTransport(server.url("localhost"), {
      security: { profile: 2, authorizationKeyHex: keyHex, caPem: pki.caPem },
    });
    await waitFor(() => disconnects().length >= 1, "the refusal");
    expect(count("connected")).toBe(0);
    expect(transport.status.lastError?.kind).toBe("tlsError");
    expect(server.upgrades).toEqual([]);
  });
});

describe("security settings asked before every attempt", () => {
  test("roots installed meanwhile are trusted from the next attempt; settings that cannot connect make no attempt, never a weaker one", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem, ca: pki.caPem, requestCert: true, rejectUnauthorized: true });
    let settings: () => SecuritySettings = () => ({ profile: 3, caPem: pki.caPem });
    const { transport, disconnects } = startTransport(server.url("localhost"), { security: { profile: 3 }, currentSecurity: () => settings() });
    await waitFor(() => disconnects().length >= 2, "attempts without the station's certificate");
    expect(disconnects()[0]?.reason).toMatchObject({ kind: "securitySettings", message: expect.stringMatching(/^not connecting: .*certificate/) });
    expect(server.upgrades).toEqual([]);
    settings = () => ({ profile: 3, caPem: pki.caPem, clientCertPem: pki.clientCertPem, clientKeyPem: pki.clientKeyPem });
    await waitFor(() => transport.state === "connected", "connected once the certificate is there");
    expect(transport.status.url).toBe(`wss://localhost:${server.port}/ocpp/CP-1`);
  });
});
