import { afterEach, expect, test } from "bun:test";
import { OcppClient } from "../../../src/ocpp/client.ts";
import { resetHandler, testCatalog } from "../../support/ocpp-test-catalog.ts";
import { systemClock, waitFor } from "../../support/system-clock.ts";
import { WsTestServer } from "../../support/ws-test-server.ts";
import { closeAllTransports, startTransport } from "./transport-helpers.ts";

const servers: WsTestServer[] = [];
afterEach(async () => {
  await closeAllTransports();
  for (const server of servers.splice(0)) await server.stop();
});

async function connectedClient() {
  const server = new WsTestServer();
  servers.push(server);
  const { transport, log } = startTransport(server.url());
  const client = new OcppClient({ link: transport, catalog: testCatalog, clock: systemClock, log, callTimeoutMs: 2_000 });
  await waitFor(() => client.state === "connected", "connected");
  return { server, client };
}

test("1,000 queued CALLs reach a real Central System in order, never two outstanding at once", async () => {
  const { server, client } = await connectedClient();
  let outstanding: string | undefined;
  let overlaps = 0;
  server.onFrame = (text, socket) => {
    const [, id, , payload] = JSON.parse(text) as [number, string, string, { seq: number }];
    if (outstanding !== undefined) overlaps += 1;
    outstanding = id;
    // Answer some at once and some a little later, so a second CALL would have the chance to slip out.
    const answer = () => {
      outstanding = undefined;
      socket.send(JSON.stringify([3, id, { seq: payload.seq }]));
    };
    if (payload.seq % 7 === 0) setTimeout(answer, 1);
    else queueMicrotask(answer);
    return undefined;
  };
  const outcomes = await Promise.all(Array.from({ length: 1_000 }, (_, seq) => client.call("Echo", { seq })));
  expect(overlaps).toBe(0);
  expect(server.received.map((text) => (JSON.parse(text) as [number, string, string, { seq: number }])[3].seq)).toEqual(
    Array.from({ length: 1_000 }, (_, i) => i),
  );
  expect(outcomes.every((outcome, seq) => outcome.kind === "ok" && outcome.payload.seq === seq)).toBe(true);
});

test("a CALL from the Central System is answered over the socket while our own CALL waits", async () => {
  const { server, client } = await connectedClient();
  client.handle([resetHandler], { canReset: true });
  const ours = client.call("Heartbeat", {});
  await waitFor(() => server.received.length === 1, "our CALL");
  server.send('[2,"cs-1","Reset",{"type":"Soft"}]');
  server.send('[2,"cs-2","Teleport",{}]');
  await waitFor(() => server.received.length === 3, "the answers");
  expect(server.received.slice(1).map((text) => JSON.parse(text))).toEqual([
    [3, "cs-1", { status: "Accepted" }],
    [4, "cs-2", "NotImplemented", "Teleport is not a known action", {}],
  ]);
  const [, ourId] = JSON.parse(server.received[0] ?? "") as [number, string];
  server.send(JSON.stringify([3, ourId, { currentTime: "2025-01-01T00:00:00Z" }]));
  expect(await ours).toMatchObject({ kind: "ok" });
});

test("a dropped connection resolves the call in flight as offline, and calls flow again after the reconnection", async () => {
  const { server, client } = await connectedClient();
  const reconnected = new Promise<void>((resolve) => client.on("connected", () => resolve()));
  const first = client.call("Heartbeat", {});
  const queued = client.call("Heartbeat", {});
  await waitFor(() => server.received.length === 1, "the first CALL");
  server.closeAll(1011, "restarting");
  expect(await first).toEqual({ kind: "offline" });
  expect(await queued).toEqual({ kind: "offline" });
  await reconnected;
  server.onFrame = (text) => JSON.stringify([3, (JSON.parse(text) as unknown[])[1], { currentTime: "2025-01-01T00:00:00Z" }]);
  expect(await client.call("Heartbeat", {})).toMatchObject({ kind: "ok" });
});

test("a Central System that never answers leads to a timeout, not a stall", async () => {
  const { client } = await connectedClient();
  expect(await client.call("Heartbeat", {}, { timeoutMs: 50 })).toEqual({ kind: "timeout" });
});
