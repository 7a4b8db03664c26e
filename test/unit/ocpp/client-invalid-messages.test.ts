import { describe, expect, test } from "bun:test";
import { OcppClient } from "../../../src/ocpp/client.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FakeLink } from "../../support/fake-link.ts";
import { recordingLogger, resetHandler, testCatalog } from "../../support/ocpp-test-catalog.ts";

function client() {
  const link = new FakeLink();
  const reported: string[] = [];
  const ocpp = new OcppClient({ link, catalog: testCatalog, clock: new FakeClock(), log: recordingLogger().log, invalidMessage: (description) => reported.push(description) });
  ocpp.handle([resetHandler], { canReset: true });
  link.connect();
  const settled = () => ocpp.settled();
  return { link, reported, settled };
}

describe("InvalidMessages (§17.5): the first invalid message of each connection is told", () => {
  test("a malformed frame and a CALL its schema refuses are told once per connection; a valid CALL and an action the station lacks are not", async () => {
    const { link, reported, settled } = client();
    link.deliver(`[2,"1","Reset",{"type":"Hard"}]`);
    link.deliver(`[2,"2","UnknownAction",{}]`);
    await settled();
    expect(reported).toEqual([]);

    link.deliver(`[2,"3","Reset",{"type":"Sideways"}]`);
    await settled();
    link.deliver("not json at all");
    link.deliver(`[2,"4","Reset",{}]`);
    await settled();
    expect(reported).toEqual([expect.stringMatching(/^Reset answered PropertyConstraintViolation/)]);
    // Each was answered all the same.
    expect(link.frames.filter((frame) => frame[0] === 4).map((frame) => frame[2])).toEqual(["NotImplemented", "PropertyConstraintViolation", "ProtocolError"]);

    link.drop();
    link.connect();
    link.deliver("[2,");
    await settled();
    expect(reported).toHaveLength(2);
    expect(reported[1]).toMatch(/^a malformed frame/);
  });
});
