import { describe, expect, test } from "bun:test";
import { devHelp, parseDevLine } from "../../../src/dev/dev-terminal.ts";

describe("the run dev terminal", () => {
  test("takes the sim actions of LAB-INTERFACE.md as typed, with or without sim in front", () => {
    expect(parseDevLine("plug 1")).toEqual({ kind: "sim", args: ["plug", "1"] });
    expect(parseDevLine("  unplug 2 ")).toEqual({ kind: "sim", args: ["unplug", "2"] });
    expect(parseDevLine("swipe 04A2B3C4")).toEqual({ kind: "sim", args: ["swipe", "04A2B3C4"] });
    expect(parseDevLine("ev-suspend 1")).toEqual({ kind: "sim", args: ["ev-suspend", "1"] });
    expect(parseDevLine("ev-resume 1")).toEqual({ kind: "sim", args: ["ev-resume", "1"] });
    expect(parseDevLine("fault 0 GroundFailure")).toEqual({ kind: "sim", args: ["fault", "0", "GroundFailure"] });
    expect(parseDevLine("clear-fault 0")).toEqual({ kind: "sim", args: ["clear-fault", "0"] });
    expect(parseDevLine("sim plug 1")).toEqual({ kind: "sim", args: ["plug", "1"] });
  });

  test("a sim action with wrong arguments is a one-line hint, not an action", () => {
    expect(parseDevLine("plug")).toEqual({ kind: "unknown", hint: expect.stringContaining("plug takes one argument: the connectorId") });
    expect(parseDevLine("plug one")).toEqual({ kind: "unknown", hint: expect.stringContaining('connectorId must be a whole number, got "one"') });
    expect(parseDevLine("swipe")).toEqual({ kind: "unknown", hint: expect.stringContaining("swipe takes one argument") });
    expect(parseDevLine("fault 1 NoError")).toEqual({ kind: "unknown", hint: expect.stringContaining("unknown errorCode") });
  });

  test("an Action with a JSON object is a CALL; no payload is {}", () => {
    expect(parseDevLine('RemoteStartTransaction {"idTag":"04A2B3C4","connectorId":1}')).toEqual({
      kind: "call",
      action: "RemoteStartTransaction",
      payload: { idTag: "04A2B3C4", connectorId: 1 },
    });
    expect(parseDevLine("ClearCache")).toEqual({ kind: "call", action: "ClearCache", payload: {} });
  });

  test("a CALL whose payload is not a JSON object is a hint", () => {
    expect(parseDevLine("Reset {type:Soft}")).toEqual({ kind: "unknown", hint: expect.stringContaining("is not JSON") });
    expect(parseDevLine("Reset [1]")).toEqual({ kind: "unknown", hint: expect.stringContaining("must be a JSON object") });
  });

  test("diag shows its views; what acts on the station or never ends is left to the shell", () => {
    expect(parseDevLine("diag")).toEqual({ kind: "diag", args: [] });
    expect(parseDevLine("diag queue")).toEqual({ kind: "diag", args: ["queue"] });
    expect(parseDevLine("diag hw")).toEqual({ kind: "unknown", hint: expect.stringContaining("run csc22b7 diag in a shell") });
    expect(parseDevLine("diag log -f")).toEqual({ kind: "unknown", hint: expect.stringContaining("run csc22b7 diag in a shell") });
  });

  test("help, an empty line, and anything else", () => {
    expect(parseDevLine("help")).toEqual({ kind: "help" });
    expect(parseDevLine("   ")).toEqual({ kind: "nothing" });
    const unknown = parseDevLine("start charging");
    expect(unknown).toEqual({ kind: "unknown", hint: expect.stringContaining('unknown command "start"') });
    expect(unknown.kind === "unknown" && unknown.hint.includes("\n")).toBe(false);
    expect(devHelp.join("\n")).toContain("plug 1");
    expect(devHelp.join("\n")).toContain("swipe 04A2B3C4");
  });
});
