import { describe, expect, test } from "bun:test";
import { OcppClient } from "../../../src/ocpp/client.ts";
import { InvalidCallError } from "../../../src/ocpp/rpc.ts";
import { FakeClock, flushPromises } from "../../support/fake-clock.ts";
import { FakeLink } from "../../support/fake-link.ts";
import { recordingLogger, testCatalog } from "../../support/ocpp-test-catalog.ts";

function setup(options: { callTimeoutMs?: number; newId?: () => string } = {}) {
  const clock = new FakeClock();
  const link = new FakeLink();
  const { log, lines } = recordingLogger();
  const client = new OcppClient({ link, catalog: testCatalog, clock, log, callTimeoutMs: 10_000, ...options });
  link.connect();
  return { clock, link, client, lines };
}

describe("outgoing CALLs", () => {
  test("a CALL goes out as a frame and its CALLRESULT resolves it with the payload", async () => {
    const { link, client } = setup({ newId: () => "id-1" });
    const outcome = client.call("Heartbeat", {});
    expect(link.sent).toEqual(['[2,"id-1","Heartbeat",{}]']);
    link.deliver('[3,"id-1",{"currentTime":"2025-01-01T00:00:00Z"}]');
    expect(await outcome).toEqual({ kind: "ok", payload: { currentTime: "2025-01-01T00:00:00Z" } });
  });

  test("message ids are unique, at most 36 characters long", async () => {
    const { link, client } = setup();
    for (let seq = 0; seq < 50; seq++) {
      const outcome = client.call("Echo", { seq });
      const id = link.frames.at(-1)?.[1] as string;
      link.deliver(JSON.stringify([3, id, { seq }]));
      await outcome;
    }
    const ids = link.frames.map((frame) => frame[1] as string);
    expect(new Set(ids).size).toBe(50);
    expect(ids.every((id) => id.length > 0 && id.length <= 36)).toBe(true);
  });

  test("a CALLERROR resolves the call as data, with code, description and details", async () => {
    const { link, client } = setup({ newId: () => "e1" });
    const outcome = client.call("Heartbeat", {});
    link.deliver('[4,"e1","NotSupported","no heartbeats here",{"a":1}]');
    expect(await outcome).toEqual({ kind: "callError", code: "NotSupported", description: "no heartbeats here", details: { a: 1 }, isLocal: false });
  });

  test("a CALLRESULT that breaks the response schema resolves as a local error", async () => {
    const { link, client } = setup({ newId: () => "b1" });
    const outcome = client.call("Heartbeat", {});
    link.deliver('[3,"b1",{"currentTime":5}]');
    expect(await outcome).toMatchObject({ kind: "callError", code: "TypeConstraintViolation", isLocal: true });
  });

  test("a malformed answer to the call in flight resolves it as a local FormationViolation", async () => {
    const { link, client } = setup({ newId: () => "b2" });
    const outcome = client.call("Heartbeat", {});
    link.deliver('[3,"b2"]');
    expect(await outcome).toMatchObject({ kind: "callError", code: "FormationViolation", isLocal: true });
  });

  test("an invalid outgoing payload is a programming error and never reaches the wire", async () => {
    const { link, client } = setup();
    // @ts-expect-error seq must be a number
    await expect(client.call("Echo", { seq: "one" })).rejects.toThrow(InvalidCallError);
    await expect(client.call("Echo", { seq: 1, note: "far too long a note" })).rejects.toThrow(/Echo request is invalid: note/);
    // @ts-expect-error not an action of the catalog
    await expect(client.call("Teleport", {})).rejects.toThrow(/not in the message catalog/);
    expect(link.sent).toEqual([]);
  });

  test("no answer within the timeout resolves the call as timeout, and the next call goes out", async () => {
    const { link, client, clock } = setup();
    const first = client.call("Echo", { seq: 1 });
    const second = client.call("Echo", { seq: 2 });
    clock.advance(9_999);
    expect(link.sent).toHaveLength(1);
    clock.advance(1);
    expect(await first).toEqual({ kind: "timeout" });
    expect(link.frames.map((frame) => frame[3])).toEqual([{ seq: 1 }, { seq: 2 }]);
    clock.advance(10_000);
    expect(await second).toEqual({ kind: "timeout" });
  });

  test("a per-call timeout and a changed default timeout are honoured", async () => {
    const { client, clock } = setup();
    client.callTimeoutMs = 2_000;
    let outcome: unknown;
    void client.call("Echo", { seq: 1 }, { timeoutMs: 500 }).then((result) => (outcome = result));
    clock.advance(500);
    await flushPromises();
    expect(outcome).toEqual({ kind: "timeout" });
    void client.call("Echo", { seq: 2 }).then((result) => (outcome = result));
    clock.advance(1_999);
    await flushPromises();
    expect(outcome).toEqual({ kind: "timeout" });
    expect(client.pendingCount).toBe(1);
    clock.advance(1);
    expect(client.pendingCount).toBe(0);
  });

  test("a late answer to a timed-out call is logged and ignored", async () => {
    const { link, client, clock, lines } = setup();
    const first = client.call("Echo", { seq: 1 });
    const lateId = link.frames[0]?.[1] as string;
    clock.advance(10_000);
    expect(await first).toEqual({ kind: "timeout" });
    const second = client.call("Echo", { seq: 2 });
    link.deliver(JSON.stringify([3, lateId, { seq: 1 }]));
    expect(lines.some((line) => line.includes("late answer") && line.includes(lateId))).toBe(true);
    link.deliver(JSON.stringify([3, link.frames[1]?.[1], { seq: 2 }]));
    expect(await second).toEqual({ kind: "ok", payload: { seq: 2 } });
  });

  test("an answer to an id never sent is logged and ignored", async () => {
    const { link, client, lines } = setup();
    const outcome = client.call("Echo", { seq: 1 });
    link.deliver('[3,"nobody",{"seq":1}]');
    link.deliver('[4,"nobody-either","GenericError","",{}]');
    expect(lines.filter((line) => line.includes("unknown CALL"))).toHaveLength(2);
    expect(client.pendingCount).toBe(1);
    link.deliver(JSON.stringify([3, link.frames[0]?.[1], { seq: 1 }]));
    expect(await outcome).toMatchObject({ kind: "ok" });
  });

  test("only one CALL is outstanding; 1,000 queued calls go out in call order, each after the previous answer", async () => {
    const { link, client } = setup();
    const outcomes = Array.from({ length: 1_000 }, (_, seq) => client.call("Echo", { seq }));
    for (let seq = 0; seq < 1_000; seq++) {
      expect(link.sent).toHaveLength(seq + 1);
      const [, id, , payload] = JSON.parse(link.sent[seq] ?? "") as [number, string, string, { seq: number }];
      expect(payload.seq).toBe(seq);
      link.deliver(JSON.stringify([3, id, { seq }]));
    }
    const results = await Promise.all(outcomes);
    expect(results.map((result) => (result.kind === "ok" ? result.payload.seq : -1))).toEqual(Array.from({ length: 1_000 }, (_, i) => i));
  });

  test("drained resolves once every queued call is answered", async () => {
    const { link, client, clock } = setup();
    void client.call("Echo", { seq: 1 });
    void client.call("Echo", { seq: 2 });
    let isDrained = false;
    void client.drained(5_000).then(() => (isDrained = true));
    link.deliver(JSON.stringify([3, link.frames[0]?.[1], { seq: 1 }]));
    await clock.advanceAsync(1_000);
    expect(isDrained).toBe(false);
    link.deliver(JSON.stringify([3, link.frames[1]?.[1], { seq: 2 }]));
    await clock.advanceAsync(20);
    expect(isDrained).toBe(true);
  });

  test("drained gives up after its timeout when the Central System does not answer", async () => {
    const { client, clock } = setup();
    void client.call("Echo", { seq: 1 });
    let isDrained = false;
    void client.drained(2_000).then(() => (isDrained = true));
    await clock.advanceAsync(1_980);
    expect(isDrained).toBe(false);
    await clock.advanceAsync(20);
    expect(isDrained).toBe(true);
    expect(client.pendingCount).toBe(1);
  });

  test("when the link drops, the call in flight and the queued calls resolve as offline", async () => {
    const { link, client, clock } = setup();
    const outcomes = [client.call("Echo", { seq: 1 }), client.call("Echo", { seq: 2 })];
    link.drop();
    expect(await Promise.all(outcomes)).toEqual([{ kind: "offline" }, { kind: "offline" }]);
    expect(client.pendingCount).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  test("a call made while offline resolves as offline at once; after reconnecting calls flow again", async () => {
    const { link, client } = setup({ newId: () => "again" });
    link.drop();
    expect(await client.call("Heartbeat", {})).toEqual({ kind: "offline" });
    expect(link.sent).toEqual([]);
    link.connect();
    const outcome = client.call("Heartbeat", {});
    link.deliver('[3,"again",{"currentTime":"x"}]');
    expect(await outcome).toMatchObject({ kind: "ok" });
  });

  test("a listener of `connected` can call at once", async () => {
    const { link, client } = setup();
    link.drop();
    const outcomes: Promise<unknown>[] = [];
    client.on("connected", () => outcomes.push(client.call("Heartbeat", {})));
    link.connect();
    expect(link.sent).toHaveLength(1);
    link.deliver(JSON.stringify([3, link.frames[0]?.[1], { currentTime: "x" }]));
    expect(await outcomes[0]).toMatchObject({ kind: "ok" });
  });

  test("incoming CALLs are answered while our own CALL waits for its answer", async () => {
    const { link, client } = setup({ newId: () => "mine" });
    client.handle(
      [{ action: "Reset", request: testCatalog.Reset.request, handle: () => ({ status: "Accepted" as const }) }],
      undefined,
    );
    const outcome = client.call("Heartbeat", {});
    link.deliver('[2,"theirs","Reset",{"type":"Hard"}]');
    await client.settled();
    expect(link.frames[1]).toEqual([3, "theirs", { status: "Accepted" }]);
    link.deliver('[3,"mine",{"currentTime":"x"}]');
    expect(await outcome).toMatchObject({ kind: "ok" });
  });
});
