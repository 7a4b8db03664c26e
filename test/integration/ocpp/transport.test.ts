import { afterEach, describe, expect, test } from "bun:test";
import { RawWsServer } from "../../support/raw-ws-server.ts";
import { waitFor } from "../../support/system-clock.ts";
import { WsTestServer } from "../../support/ws-test-server.ts";
import { closeAllTransports, startTransport } from "./transport-helpers.ts";

const servers: { stop(): unknown }[] = [];
function csms(): WsTestServer {
  const server = new WsTestServer();
  servers.push(server);
  return server;
}
function raw(mode: ConstructorParameters<typeof RawWsServer>[0]): RawWsServer {
  const server = new RawWsServer(mode);
  servers.push(server);
  return server;
}
afterEach(async () => {
  await closeAllTransports();
  for (const server of servers.splice(0)) await server.stop();
});

describe("WsTransport", () => {
  test("connects to <url>/<identity> offering ocpp1.6 and carries text frames both ways", async () => {
    const server = csms();
    server.onFrame = (text) => `echo ${text}`;
    const { transport, messages, events, lines } = startTransport(server.url(), { chargePointId: "CP 1" });
    await waitFor(() => transport.state === "connected", "connected");
    expect(server.upgrades[0]).toMatchObject({ path: "/ocpp/CP%201", protocols: "ocpp1.6", authorization: null });
    expect(events.map((e) => e.event)).toEqual(["connecting", "connected"]);
    expect(transport.send('[2,"1","Heartbeat",{}]')).toBe(true);
    await waitFor(() => messages.length === 1, "the echo");
    expect(messages).toEqual(['echo [2,"1","Heartbeat",{}]']);
    expect(lines.some((line) => line.includes("DEBUG") && line.includes("frame sent"))).toBe(true);
    expect(lines.some((line) => line.includes("DEBUG") && line.includes("frame received"))).toBe(true);
    expect(transport.status.lastConnectedAt).toBeInstanceOf(Date);
  });

  test("sending while not connected returns false and sends nothing", async () => {
    const server = raw("neverAnswer");
    const { transport } = startTransport(server.url());
    expect(transport.state).toBe("connecting");
    expect(transport.send("x")).toBe(false);
  });

  test("reconnects after the Central System closes the connection, reporting its close code", async () => {
    const server = csms();
    const { transport, count, disconnects } = startTransport(server.url());
    await waitFor(() => transport.state === "connected", "first connection");
    server.closeAll(1001, "going away");
    await waitFor(() => count("connected") === 2, "the reconnection");
    expect(disconnects()[0]).toMatchObject({ wasConnected: true, reason: { kind: "closedByServer", closeCode: 1001 } });
    expect(disconnects()[0]?.reason.message).toContain("going away");
    expect(transport.status.lastDisconnectedAt).toBeInstanceOf(Date);
  });

  test("a frame over the size limit ends the connection instead of filling memory, and it reconnects", async () => {
    const server = csms();
    const { transport, messages, count, disconnects } = startTransport(server.url(), { maxFrameBytes: 1024 });
    await waitFor(() => transport.state === "connected", "first connection");
    server.send("x".repeat(2048));
    await waitFor(() => count("connected") === 2, "the reconnection");
    expect(messages).toEqual([]);
    expect(disconnects()[0]?.wasConnected).toBe(true);
    server.send("small");
    await waitFor(() => messages.length === 1, "a normal frame");
  });

  test("keeps retrying while the Central System is down and connects when it is back", async () => {
    const server = csms();
    const { transport, count, disconnects } = startTransport(server.url());
    await waitFor(() => transport.state === "connected", "first connection");
    await server.stop();
    await waitFor(() => disconnects().filter((d) => d.reason.kind === "connectionRefused").length >= 3, "refused attempts");
    expect(transport.status.lastError?.kind).toBe("connectionRefused");
    expect(transport.status.lastError?.message).toMatch(/connection refused/);
    server.restart();
    await waitFor(() => count("connected") === 2, "the reconnection");
    for (const { retryInMs } of disconnects()) expect(retryInMs).toBeWithin(20, 201);
  });

  test("HTTP 401 is reported as rejected credentials, and another status by its number", async () => {
    const server = csms();
    server.rejectWith = 401;
    const { transport, disconnects } = startTransport(server.url());
    await waitFor(() => disconnects().length >= 1, "the refusal");
    expect(disconnects()[0]).toMatchObject({ wasConnected: false, reason: { kind: "credentialsRejected", statusCode: 401 } });
    server.rejectWith = 404;
    await waitFor(() => transport.status.lastError?.statusCode === 404, "the 404");
    expect(transport.status.lastError).toMatchObject({ kind: "httpStatus", message: expect.stringContaining("HTTP 404") });
    server.rejectWith = undefined;
    await waitFor(() => transport.state === "connected", "acceptance");
  });

  test("a Central System that agrees to another subprotocol is refused", async () => {
    const server = csms();
    server.subprotocol = "ocpp2.0.1";
    const { transport, disconnects, count } = startTransport(server.url());
    await waitFor(() => disconnects().length >= 1, "the refusal");
    expect(disconnects()[0]?.reason.kind).toBe("subprotocolRefused");
    expect(count("connected")).toBe(0);
    expect(transport.state).not.toBe("connected");
  });

  test("a Central System that agrees to no subprotocol is refused", async () => {
    const server = raw("noSubprotocol");
    const { disconnects, count } = startTransport(server.url());
    await waitFor(() => disconnects().length >= 1, "the refusal");
    expect(disconnects()[0]?.reason).toMatchObject({ kind: "subprotocolRefused", message: expect.stringContaining("ocpp1.6") });
    expect(count("connected")).toBe(0);
  });

  test("a server that never answers the handshake is reported as a handshake timeout", async () => {
    const server = raw("neverAnswer");
    const { disconnects } = startTransport(server.url(), { handshakeTimeoutMs: 100 });
    await waitFor(() => disconnects().length >= 1, "the timeout");
    expect(disconnects()[0]?.reason).toMatchObject({ kind: "handshakeTimeout", message: expect.stringContaining("100 ms") });
  });

  test("a link whose pongs stop is found dead, terminated and connected again", async () => {
    const server = raw("silentAfterHandshake");
    const { count, disconnects } = startTransport(server.url(), { pingIntervalSec: 0.05, pongTimeoutMs: 100 });
    await waitFor(() => count("connected") >= 2, "a reconnection after the dead link");
    expect(disconnects()[0]).toMatchObject({ wasConnected: true, reason: { kind: "deadLink" } });
    expect(server.connections).toBeGreaterThanOrEqual(2);
  });

  test("a live link answers our pings and stays up", async () => {
    const server = csms();
    const { transport, count } = startTransport(server.url(), { pingIntervalSec: 0.02, pongTimeoutMs: 500 });
    await waitFor(() => server.pingsReceived.length >= 5, "five pings");
    expect(count("disconnected")).toBe(0);
    expect(transport.state).toBe("connected");
  });

  test("the ping interval can be changed and switched off at run time", async () => {
    const server = csms();
    const { transport } = startTransport(server.url());
    await waitFor(() => transport.state === "connected", "connected");
    await Bun.sleep(50);
    expect(server.pingsReceived).toEqual([]);
    transport.setPingInterval(0.01);
    await waitFor(() => server.pingsReceived.length >= 3, "pings");
    transport.setPingInterval(0);
    await Bun.sleep(30);
    const seen = server.pingsReceived.length;
    await Bun.sleep(80);
    expect(server.pingsReceived.length).toBe(seen);
  });

  test("pings from the Central System are answered with pongs", async () => {
    const server = csms();
    const { transport } = startTransport(server.url());
    await waitFor(() => transport.state === "connected", "connected");
    for (const socket of server.sockets) socket.ping("are you there");
    await waitFor(() => server.pongsReceived.length === 1, "the pong");
    expect(server.pongsReceived).toEqual(["are you there"]);
  });

  test("back-off waits grow up to the maximum and restart at the minimum after a stable connection", async () => {
    const server = csms();
    server.rejectWith = 503;
    const { disconnects, count } = startTransport(server.url(), {
      backoff: { minMs: 10, maxMs: 40, stableAfterMs: 100 },
      random: () => 1,
    });
    await waitFor(() => disconnects().length >= 4, "four refusals");
    expect(disconnects().slice(0, 4).map((d) => d.retryInMs)).toEqual([10, 20, 40, 40]);
    server.rejectWith = undefined;
    await waitFor(() => count("connected") === 1, "connection");
    await Bun.sleep(200);
    server.rejectWith = 503;
    server.closeAll();
    await waitFor(() => disconnects().filter((d) => d.wasConnected).length === 1, "the drop");
    expect(disconnects().find((d) => d.wasConnected)?.retryInMs).toBe(10);
  });

  test("a connection dropped before it was stable keeps the grown back-off", async () => {
    const server = csms();
    server.rejectWith = 503;
    const { disconnects, count } = startTransport(server.url(), {
      backoff: { minMs: 10, maxMs: 400, stableAfterMs: 5_000 },
      random: () => 1,
    });
    await waitFor(() => disconnects().length >= 3, "three refusals");
    server.rejectWith = undefined;
    await waitFor(() => count("connected") === 1, "connection");
    server.closeAll();
    await waitFor(() => disconnects().some((d) => d.wasConnected), "the drop");
    expect(disconnects().find((d) => d.wasConnected)?.retryInMs).toBeGreaterThan(40);
  });

  test("close() ends the connection for good and reports it", async () => {
    const server = csms();
    const { transport, disconnects } = startTransport(server.url());
    await waitFor(() => transport.state === "connected", "connected");
    await transport.close();
    expect(transport.state).toBe("offline");
    expect(disconnects()).toEqual([expect.objectContaining({ wasConnected: true, retryInMs: undefined, reason: expect.objectContaining({ kind: "closedLocally" }) })]);
    await Bun.sleep(60);
    expect(server.upgrades).toHaveLength(1);
    expect(transport.status.lastError).toBeUndefined();
  });

  test("close() does not wait forever for a Central System that never completes the closing handshake", async () => {
    const server = raw("silentAfterHandshake");
    const { transport } = startTransport(server.url());
    await waitFor(() => transport.state === "connected", "connected");
    await transport.close();
    expect(transport.state).toBe("offline");
  });

  test("close() while still connecting stops the attempt", async () => {
    const server = raw("neverAnswer");
    const { transport, count } = startTransport(server.url());
    await transport.close();
    await Bun.sleep(60);
    expect(transport.state).toBe("offline");
    expect(count("connecting")).toBe(1);
  });
});
