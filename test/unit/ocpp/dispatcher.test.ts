import { describe, expect, test } from "bun:test";
import * as v from "valibot";
import { OcppClient } from "../../../src/ocpp/client.ts";
import type { Handler } from "../../../src/ocpp/dispatcher.ts";
import { OcppError } from "../../../src/ocpp/errors.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FakeLink } from "../../support/fake-link.ts";
import { getConfigurationHandler, recordingLogger, resetHandler, testCatalog } from "../../support/ocpp-test-catalog.ts";

function setup(options: { offered?: string[]; isAnswering?: () => boolean } = {}) {
  const clock = new FakeClock();
  const link = new FakeLink();
  const { log, lines } = recordingLogger();
  const client = new OcppClient({ link, catalog: testCatalog, clock, log, handlerTimeoutMs: 5_000, ...options });
  client.handle([resetHandler], { canReset: true });
  client.handle([getConfigurationHandler], undefined);
  link.connect();
  /** The Central System sends `text`; resolves with what the charge point answered. */
  const exchange = async (text: string) => {
    const before = link.sent.length;
    link.deliver(text);
    await client.settled();
    return link.frames.slice(before);
  };
  return { clock, link, client, lines, exchange };
}

describe("incoming CALLs", () => {
  test("a valid CALL reaches its handler with the context and is answered with a CALLRESULT", async () => {
    const { exchange } = setup();
    expect(await exchange('[2,"r1","Reset",{"type":"Soft"}]')).toEqual([[3, "r1", { status: "Accepted" }]]);
    expect(await exchange('[2,"r2","Reset",{"type":"Hard"}]')).toEqual([[3, "r2", { status: "Rejected" }]]);
  });

  test.each([
    ["malformed JSON with a readable id", '[2,"m1","Reset",{"type":', "m1", "FormationViolation"],
    ["a CALL without payload", '[2,"m2","Reset"]', "m2", "FormationViolation"],
    ["a CALL whose payload is an array", '[2,"m3","Reset",[]]', "m3", "FormationViolation"],
    ["an unknown action", '[2,"m4","Teleport",{}]', "m4", "NotImplemented"],
    ["a known action of a profile we do not offer", '[2,"m5","ReserveNow",{"connectorId":1}]', "m5", "NotSupported"],
    ["a missing required field", '[2,"m6","Reset",{}]', "m6", "ProtocolError"],
    ["an unknown field", '[2,"m7","Reset",{"type":"Soft","when":1}]', "m7", "FormationViolation"],
    ["a number where an enumeration string belongs", '[2,"m8","Reset",{"type":1}]', "m8", "TypeConstraintViolation"],
    ["a value outside the enumeration", '[2,"m9","Reset",{"type":"Medium"}]', "m9", "PropertyConstraintViolation"],
    ["an array too long", '[2,"m10","GetConfiguration",{"key":["a","b","c"]}]', "m10", "OccurenceConstraintViolation"],
    ["an array of the wrong item type", '[2,"m11","GetConfiguration",{"key":[1]}]', "m11", "TypeConstraintViolation"],
  ])("%s is answered with a CALLERROR of the right code", async (_, text, id, code) => {
    const { exchange } = setup();
    const [reply] = await exchange(text);
    expect(reply?.slice(0, 3)).toEqual([4, id, code]);
    expect(typeof reply?.[3]).toBe("string");
    expect(reply?.[4]).toEqual({});
  });

  test("while the station may not answer (registration Rejected) a CALL gets no answer at all (C§4.2)", async () => {
    let isAnswering = false;
    const { exchange } = setup({ isAnswering: () => isAnswering });
    expect(await exchange('[2,"q1","Reset",{"type":"Soft"}]')).toEqual([]);
    isAnswering = true;
    expect(await exchange('[2,"q2","Reset",{"type":"Soft"}]')).toEqual([[3, "q2", { status: "Accepted" }]]);
  });

  test("a configured set of offered actions decides between NotSupported and an answer", async () => {
    const { exchange, client } = setup({ offered: ["GetConfiguration"] });
    expect((await exchange('[2,"o1","Reset",{"type":"Soft"}]'))[0]?.slice(0, 3)).toEqual([4, "o1", "NotSupported"]);
    client.setOffered(["Reset"]);
    expect(await exchange('[2,"o2","Reset",{"type":"Soft"}]')).toEqual([[3, "o2", { status: "Accepted" }]]);
  });

  test("an offered action without a handler is answered with NotImplemented", async () => {
    const { exchange } = setup({ offered: ["ReserveNow"] });
    expect((await exchange('[2,"o3","ReserveNow",{"connectorId":1}]'))[0]?.slice(0, 3)).toEqual([4, "o3", "NotImplemented"]);
  });

  test.each([
    ["text that is not JSON", "garbage"],
    ["JSON that is not an array", '{"id":"x"}'],
    ["a CALL whose id is a number", '[2,17,"Reset",{"type":"Soft"}]'],
  ])("%s is logged and dropped", async (_, text) => {
    const { exchange, lines } = setup();
    expect(await exchange(text)).toEqual([]);
    expect(lines.some((line) => line.includes("without a readable message id"))).toBe(true);
  });

  test("a frame of an unknown message type is ignored, as J§4.1.3 requires", async () => {
    const { exchange, lines } = setup();
    expect(await exchange('[5,"u1","Reset",{}]')).toEqual([]);
    expect(lines.some((line) => line.includes("ignored a malformed frame") && line.includes("u1"))).toBe(true);
  });

  test("a throwing handler is answered with InternalError and logged with its stack", async () => {
    const { link, client, exchange, lines } = setup();
    const boom: Handler<{ connectorId: number }, never> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => {
        throw new Error("relay welded");
      },
    };
    client.handle([boom], undefined);
    expect((await exchange('[2,"t1","ReserveNow",{"connectorId":1}]'))[0]?.slice(0, 3)).toEqual([4, "t1", "InternalError"]);
    expect(lines.some((line) => line.includes("ERROR") && line.includes("relay welded") && line.includes("dispatcher.test.ts"))).toBe(true);
    expect(link.sent.join()).not.toContain("relay welded");
  });

  test("a handler throwing an OcppError is answered with that error's code and details", async () => {
    const { client, exchange } = setup();
    const refusing: Handler<{ connectorId: number }, never> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: async () => {
        throw new OcppError("SecurityError", "not before boot", { hint: "BootNotification" });
      },
    };
    client.handle([refusing], undefined);
    expect(await exchange('[2,"t2","ReserveNow",{"connectorId":1}]')).toEqual([
      [4, "t2", "SecurityError", "not before boot", { hint: "BootNotification" }],
    ]);
  });

  test("a handler response that breaks the response schema becomes InternalError, never an invalid frame", async () => {
    const { client, exchange, lines } = setup();
    const buggy: Handler<{ connectorId: number }, unknown> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => ({ status: "Maybe" }),
    };
    client.handle([buggy], undefined);
    expect((await exchange('[2,"t3","ReserveNow",{"connectorId":1}]'))[0]?.slice(0, 3)).toEqual([4, "t3", "InternalError"]);
    expect(lines.some((line) => line.includes("ERROR") && line.includes("invalid response"))).toBe(true);
  });

  test("a frozen answer is checked once and served again; an unfrozen one is checked every time", async () => {
    const { client, exchange } = setup();
    const frozen = Object.freeze({ status: "Accepted" });
    let answer: object = frozen;
    const schema = testCatalog.ReserveNow.response;
    let checks = 0;
    const counting = v.pipe(schema, v.check(() => ++checks > 0));
    const catalogEntry = testCatalog.ReserveNow as { response: unknown };
    const original = catalogEntry.response;
    catalogEntry.response = counting;
    try {
      client.handle([{ action: "ReserveNow", request: testCatalog.ReserveNow.request, handle: () => answer } satisfies Handler<{ connectorId: number }, unknown>], undefined);
      for (const id of ["f1", "f2", "f3"]) expect(await exchange(`[2,"${id}","ReserveNow",{"connectorId":1}]`)).toEqual([[3, id, { status: "Accepted" }]]);
      expect(checks).toBe(1);
      answer = { status: "Accepted" };
      for (const id of ["u1", "u2"]) expect(await exchange(`[2,"${id}","ReserveNow",{"connectorId":1}]`)).toEqual([[3, id, { status: "Accepted" }]]);
      expect(checks).toBe(3);
    } finally {
      catalogEntry.response = original;
    }
  });

  test("a handler that never finishes is answered with InternalError after the handler timeout", async () => {
    const { client, clock, link } = setup();
    const stuck: Handler<{ connectorId: number }, never> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => new Promise<never>(() => {}),
    };
    client.handle([stuck], undefined);
    link.deliver('[2,"t4","ReserveNow",{"connectorId":1}]');
    await clock.advanceAsync(4_999);
    expect(link.sent).toEqual([]);
    await clock.advanceAsync(1);
    await client.settled();
    expect(link.frames[0]?.slice(0, 3)).toEqual([4, "t4", "InternalError"]);
  });

  test("a slow handler does not hold up the answer to the next CALL", async () => {
    const { client, link } = setup();
    let release = () => {};
    const slow: Handler<{ connectorId: number }, { status: "Accepted" }> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => new Promise((resolve) => (release = () => resolve({ status: "Accepted" }))),
    };
    client.handle([slow], undefined);
    link.deliver('[2,"s1","ReserveNow",{"connectorId":1}]');
    link.deliver('[2,"s2","Reset",{"type":"Soft"}]');
    await Bun.sleep(0);
    expect(link.frames.map((frame) => frame[1])).toEqual(["s2"]);
    release();
    await client.settled();
    expect(link.frames.map((frame) => frame[1])).toEqual(["s2", "s1"]);
  });

  test("a CALL reusing the id of one still being answered gets a ProtocolError; the first is answered once, and the id is free again after", async () => {
    const { client, link } = setup();
    let release = () => {};
    let runs = 0;
    const slow: Handler<{ connectorId: number }, { status: "Accepted" }> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => {
        runs += 1;
        return new Promise((resolve) => (release = () => resolve({ status: "Accepted" })));
      },
    };
    client.handle([slow], undefined);
    link.deliver('[2,"d1","ReserveNow",{"connectorId":1}]');
    link.deliver('[2,"d1","ReserveNow",{"connectorId":2}]');
    await Bun.sleep(0);
    expect(link.frames.map((frame) => frame.slice(0, 3))).toEqual([[4, "d1", "ProtocolError"]]);
    release();
    await client.settled();
    expect(link.frames.slice(1)).toEqual([[3, "d1", { status: "Accepted" }]]);
    expect(runs).toBe(1);
    link.deliver('[2,"d1","Reset",{"type":"Soft"}]');
    await client.settled();
    expect(link.frames.at(-1)).toEqual([3, "d1", { status: "Accepted" }]);
  });

  test("an id still being answered when the connection dropped is free on the next connection", async () => {
    const { client, link } = setup();
    const slow: Handler<{ connectorId: number }, { status: "Accepted" }> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => new Promise(() => {}),
    };
    client.handle([slow], undefined);
    link.deliver('[2,"1","ReserveNow",{"connectorId":1}]');
    link.drop();
    link.connect();
    link.deliver('[2,"1","Reset",{"type":"Soft"}]');
    await Bun.sleep(0);
    expect(link.frames).toEqual([[3, "1", { status: "Accepted" }]]);
  });

  test("registering two handlers for one action, or one outside the catalog, is refused", () => {
    const { client } = setup();
    expect(() => client.handle([resetHandler], { canReset: false })).toThrow(/already registered/);
    const stray: Handler<unknown, unknown> = { action: "Teleport", request: v.unknown(), handle: () => ({}) };
    expect(() => client.handle([stray], undefined)).toThrow(/not in the message catalog/);
  });

  test("the answer to a CALL that arrives after the link dropped is logged, not thrown", async () => {
    const { client, link, lines } = setup();
    let release = () => {};
    const slow: Handler<{ connectorId: number }, { status: "Accepted" }> = {
      action: "ReserveNow",
      request: testCatalog.ReserveNow.request,
      handle: () => new Promise((resolve) => (release = () => resolve({ status: "Accepted" }))),
    };
    client.handle([slow], undefined);
    link.deliver('[2,"d1","ReserveNow",{"connectorId":1}]');
    link.drop();
    release();
    await client.settled();
    expect(link.sent).toEqual([]);
    expect(lines.some((line) => line.includes("answer not sent") && line.includes("d1"))).toBe(true);
  });
});
