import { afterEach, beforeAll, describe, expect, test } from "bun:test";
import { ping, type PingReport } from "../../../src/diag/ping.ts";
import { connectionTarget } from "../../../src/ocpp/connection-target.ts";
import { waitFor } from "../../support/system-clock.ts";
import { makeTlsFixtures, type TlsFixtures } from "../../support/tls-fixtures.ts";
import { WsTestServer, type WsTestServerOptions } from "../../support/ws-test-server.ts";

const keyHex = "0001020304050607FFFFFFFFFFFFFFFFFFFFFFFF";
const servers: WsTestServer[] = [];
let pki: TlsFixtures;
beforeAll(() => {
  pki = makeTlsFixtures();
});
afterEach(async () => {
  for (const server of servers.splice(0)) await server.stop();
});

function csms(tls?: WsTestServerOptions["tls"]): WsTestServer {
  const server = new WsTestServer(tls === undefined ? {} : { tls });
  servers.push(server);
  return server;
}

const results = (report: PingReport) => report.steps.map((step) => `${step.step}:${step.result}`);

describe("diag ping", () => {
  test("over ws:// it resolves, connects and upgrades with ocpp1.6, then closes before any OCPP message", async () => {
    const server = csms();
    const report = await ping(connectionTarget(server.url(), "CP-1", { profile: 0 }), "full");
    expect(results(report)).toEqual(["dns:pass", "tcp:pass", "tls:skipped", "websocket:pass"]);
    expect(report.passed).toBe(true);
    expect(server.upgrades).toEqual([{ path: "/ocpp/CP-1", authorization: null, protocols: "ocpp1.6" }]);
    await waitFor(() => server.sockets.size === 0, "the probe's connection to end");
    expect(server.received).toEqual([]);
  });

  test("over wss:// it shows the certificate, trusted by the configured CA", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem });
    const report = await ping(connectionTarget(server.url("localhost"), "CP-1", { profile: 2, authorizationKeyHex: keyHex, caPem: pki.caPem }), "full");
    expect(results(report)).toEqual(["dns:pass", "tcp:pass", "tls:pass", "websocket:pass"]);
    const tls = report.steps.find((step) => step.step === "tls")!;
    expect(tls.certificate).toMatchObject({ subject: "localhost", issuer: "Test CSMS Root", daysLeft: expect.any(Number) });
    expect(tls.detail).toContain("trusted by the configured CA");
    expect(server.upgrades[0]?.authorization).toStartWith("Basic ");
    expect(report.sentCredentials).toBe(true);
  });

  test("a certificate the configured CA did not sign fails the TLS step, with its details shown", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem });
    const report = await ping(connectionTarget(server.url("localhost"), "CP-1", { profile: 2, authorizationKeyHex: keyHex, caPem: pki.otherCaPem }), "full");
    expect(results(report)).toEqual(["dns:pass", "tcp:pass", "tls:fail", "websocket:skipped"]);
    expect(report.steps[2]?.detail).toContain("certificate localhost from Test CSMS Root");
    expect(report.steps[2]?.detail).toContain("not trusted by the configured CA");
    expect(server.upgrades).toEqual([]);
  });

  test("a certificate for another host name fails the TLS step", async () => {
    const server = csms({ cert: pki.serverCertPem, key: pki.serverKeyPem });
    const report = await ping(connectionTarget(server.url("127.0.0.1"), "CP-1", { profile: 2, authorizationKeyHex: keyHex, caPem: pki.caPem }), "full");
    expect(report.steps[2]).toMatchObject({ step: "tls", result: "fail", detail: expect.stringContaining("the certificate is not for 127.0.0.1") });
  });

  test("without credentials a 401 is the expected answer; with them it is a failure", async () => {
    const server = csms();
    server.rejectWith = 401;
    const target = connectionTarget(server.url(), "CP-1", { profile: 1, authorizationKeyHex: keyHex });
    expect(results(await ping(target, "withoutCredentials"))).toContain("websocket:pass");
    expect(server.upgrades[0]?.authorization).toBeNull();
    expect(results(await ping(target, "full"))).toContain("websocket:fail");
  });

  test("sends nothing over HTTP when the running connection must be left alone", async () => {
    const server = csms();
    const report = await ping(connectionTarget(server.url(), "CP-1", { profile: 0 }), "none");
    expect(results(report)).toEqual(["dns:pass", "tcp:pass", "tls:skipped", "websocket:skipped"]);
    expect(report.passed).toBe(true);
    expect(server.upgrades).toEqual([]);
  });

  test("a closed port and an unknown host fail in words", async () => {
    const server = csms();
    const url = server.url();
    await server.stop();
    servers.splice(0);
    const refused = await ping(connectionTarget(url, "CP-1", { profile: 0 }), "full");
    expect(refused.steps[1]).toMatchObject({ step: "tcp", result: "fail", detail: expect.stringContaining("refused the connection") });
    const unknown = await ping(connectionTarget("ws://csms.invalid:9000/ocpp", "CP-1", { profile: 0 }), "full", 2_000);
    expect(unknown.steps[0]).toMatchObject({ step: "dns", result: "fail", detail: expect.stringContaining("cannot resolve csms.invalid") });
    expect(unknown.passed).toBe(false);
  });
});
