import { afterAll, beforeAll, expect, test } from "bun:test";
import fc from "fast-check";
import { OcppClient } from "../../../src/ocpp/client.ts";
import type { Handler } from "../../../src/ocpp/dispatcher.ts";
import { OcppError } from "../../../src/ocpp/errors.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FakeLink } from "../../support/fake-link.ts";
import { getConfigurationHandler, recordingLogger, resetHandler, testCatalog } from "../../support/ocpp-test-catalog.ts";

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => process.on("unhandledRejection", onUnhandled));
afterAll(() => process.off("unhandledRejection", onUnhandled));

/** Misbehaves in every way a handler can, chosen by the connectorId it is given. */
const chaotic: Handler<{ connectorId: number }, unknown> = {
  action: "ReserveNow",
  request: testCatalog.ReserveNow.request,
  async handle({ connectorId }) {
    switch (Math.abs(connectorId) % 5) {
      case 0: return { status: "Accepted" };
      case 1: throw new Error("boom");
      case 2: throw new OcppError("GenericError", "refused");
      case 3: return { status: 42 };
      default: return undefined;
    }
  },
};

function setup() {
  const link = new FakeLink();
  const { log } = recordingLogger();
  const client = new OcppClient({ link, catalog: testCatalog, clock: new FakeClock(), log });
  client.handle([resetHandler], { canReset: true });
  client.handle([getConfigurationHandler, chaotic], undefined);
  link.connect();
  return { link, client };
}

/** The oracle, independent of parseFrame: a JSON array starting with 2 and a string id must be answered. */
function answerableId(text: string): string | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return Array.isArray(json) && json[0] === 2 && typeof json[1] === "string" ? json[1] : undefined;
  } catch {
    return undefined;
  }
}

const actions = [...Object.keys(testCatalog), "Teleport", "", "reset"];
const payloads = fc.oneof(
  fc.constant({ type: "Soft" }),
  fc.record({ type: fc.constantFrom("Hard", "Soft", "Medium", 3) }),
  fc.record({ connectorId: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ connectorId: fc.oneof(fc.integer(), fc.double(), fc.string()) }),
  fc.record({ key: fc.array(fc.oneof(fc.string(), fc.integer()), { maxLength: 4 }) }, { requiredKeys: [] }),
  fc.dictionary(fc.string(), fc.jsonValue()),
  fc.jsonValue(),
);
const ids = fc.oneof(fc.uuid(), fc.string({ maxLength: 40 }), fc.integer(), fc.constant(null));
const frames = fc
  .tuple(fc.constantFrom(2, 2, 2, 3, 4, 5, "2", null), ids, fc.oneof(fc.constantFrom(...actions), fc.jsonValue()), payloads, fc.jsonValue())
  .chain((parts) => fc.integer({ min: 0, max: 5 }).map((length) => JSON.stringify(parts.slice(0, length))));
const calls = fc.tuple(fc.uuid(), fc.constantFrom(...actions), payloads).map((parts) => JSON.stringify([2, ...parts]));
const mutated = fc
  .tuple(fc.oneof(calls, frames), fc.nat(), fc.constantFrom("drop", "insert", "truncate"), fc.string({ minLength: 1, maxLength: 3 }))
  .map(([text, at, how, extra]) => {
    const i = at % (text.length + 1);
    if (how === "drop") return text.slice(0, i) + text.slice(i + 1);
    if (how === "insert") return text.slice(0, i) + extra + text.slice(i);
    return text.slice(0, i);
  });
const anyText = fc.oneof(calls, frames, mutated, fc.string(), fc.json());

test("random and mutated frames never crash the dispatcher, and every CALL with a readable id gets exactly one answer with that id", async () => {
  const { link, client } = setup();
  await fc.assert(
    fc.asyncProperty(anyText, async (text) => {
      const before = link.sent.length;
      link.deliver(text);
      await client.settled();
      const replies = link.sent.slice(before).map((sent) => JSON.parse(sent) as unknown[]);
      const id = answerableId(text);
      if (id !== undefined) {
        expect(replies).toHaveLength(1);
        expect(replies[0]?.[1]).toBe(id);
        expect([3, 4]).toContain(replies[0]?.[0] as number);
        if (replies[0]?.[0] === 4) expect(typeof replies[0]?.[2]).toBe("string");
      } else {
        // Only a salvaged, truncated CALL may be answered, and only with a CALLERROR.
        expect(replies.length).toBeLessThanOrEqual(1);
        if (replies.length === 1) expect(replies[0]?.[0]).toBe(4);
      }
    }),
    { numRuns: 5_000 },
  );
  expect(unhandled).toEqual([]);
});
