import { describe, expect, test } from "bun:test";
import { parseFrame, serializeFrame } from "../../../src/ocpp/frame.ts";

describe("parseFrame", () => {
  test("reads a CALL, a CALLRESULT and a CALLERROR", () => {
    expect(parseFrame('[2,"a1","Reset",{"type":"Soft"}]')).toEqual({ kind: "call", id: "a1", action: "Reset", payload: { type: "Soft" } });
    expect(parseFrame('[3,"a1",{"status":"Accepted"}]')).toEqual({ kind: "callResult", id: "a1", payload: { status: "Accepted" } });
    expect(parseFrame('[4,"a1","NotSupported","nope",{"x":1}]')).toEqual({
      kind: "callError",
      id: "a1",
      code: "NotSupported",
      description: "nope",
      details: { x: 1 },
    });
  });

  test("reports text that is not JSON, and salvages the id of a truncated CALL", () => {
    expect(parseFrame("hello")).toMatchObject({ kind: "invalid", reason: "notJson", id: undefined });
    expect(parseFrame('[2,"abc","Reset",{"type":')).toMatchObject({ kind: "invalid", reason: "notJson", id: "abc", messageType: 2 });
    expect(parseFrame('[3,"abc",{')).toMatchObject({ kind: "invalid", reason: "notJson", id: undefined });
  });

  test("reports JSON that is not an array, with no readable id", () => {
    expect(parseFrame('{"id":"x"}')).toMatchObject({ kind: "invalid", reason: "notArray", id: undefined });
    expect(parseFrame("null")).toMatchObject({ kind: "invalid", reason: "notArray" });
  });

  test("reports an unknown message type id and still reads the id", () => {
    expect(parseFrame('[5,"x",{}]')).toMatchObject({ kind: "invalid", reason: "unknownType", id: "x", messageType: 5 });
    expect(parseFrame('["2","x","Reset",{}]')).toMatchObject({ kind: "invalid", reason: "unknownType", id: "x" });
    expect(parseFrame("[]")).toMatchObject({ kind: "invalid", reason: "unknownType", id: undefined });
  });

  test.each([
    ['[2,"x","Reset"]', "x"],
    ['[2,"x","Reset",{},1]', "x"],
    ['[2,"x",7,{}]', "x"],
    ['[2,"x","",{}]', "x"],
    ['[2,"x","Reset",[]]', "x"],
    ['[2,"x","Reset",null]', "x"],
    ['[2,"x","Reset","{}"]', "x"],
    ['[2,"","Reset",{}]', ""],
    [`[2,"${"i".repeat(37)}","Reset",{}]`, "i".repeat(37)],
    ['[2,17,"Reset",{}]', undefined],
    ['[3,"x"]', "x"],
    ['[3,"x",[]]', "x"],
    ['[4,"x",5,"",{}]', "x"],
    ['[4,"x"]', "x"],
  ])("reports the bad shape of %s and whether its id is readable", (text, id) => {
    expect(parseFrame(text)).toMatchObject({ kind: "invalid", reason: "badShape", id });
  });

  test("accepts a CALLERROR without description or details", () => {
    expect(parseFrame('[4,"x","GenericError"]')).toEqual({ kind: "callError", id: "x", code: "GenericError", description: "", details: {} });
    expect(parseFrame('[4,"x","GenericError","d",null]')).toMatchObject({ details: {} });
  });

  test("accepts a message id of exactly 36 characters", () => {
    const id = crypto.randomUUID();
    expect(parseFrame(`[2,"${id}","Heartbeat",{}]`)).toMatchObject({ kind: "call", id });
  });
});

describe("serializeFrame", () => {
  test("writes the three frame kinds as OCPP-J arrays", () => {
    expect(serializeFrame({ kind: "call", id: "1", action: "Heartbeat", payload: {} })).toBe('[2,"1","Heartbeat",{}]');
    expect(serializeFrame({ kind: "callResult", id: "1", payload: { a: 1 } })).toBe('[3,"1",{"a":1}]');
    expect(serializeFrame({ kind: "callError", id: "1", code: "InternalError", description: "", details: {} })).toBe(
      '[4,"1","InternalError","",{}]',
    );
  });

  test("a frozen payload (an answer served again) is written as any other, for every id", () => {
    const payload = Object.freeze({ configurationKey: Object.freeze([Object.freeze({ key: "K", readonly: true, value: "\"1\"" })]) });
    for (const id of ["a", 'b"c', "é"]) {
      expect(serializeFrame({ kind: "callResult", id, payload })).toBe(JSON.stringify([3, id, payload]));
    }
  });

  test("round-trips every frame kind", () => {
    for (const text of ['[2,"é1","A",{"b":[1,"ü"]}]', '[3,"x",{}]', '[4,"x","ProtocolError","missing",{"k":"v"}]']) {
      const frame = parseFrame(text);
      if (frame.kind === "invalid") throw new Error(frame.detail);
      expect(serializeFrame(frame)).toBe(text);
    }
  });
});
