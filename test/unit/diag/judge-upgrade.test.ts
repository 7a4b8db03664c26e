import { describe, expect, test } from "bun:test";
import { judgeUpgrade } from "../../../src/diag/ping.ts";

const answered = (statusCode: number, headers: Record<string, string> = {}, isAcceptValid = true) =>
  ({ kind: "answered", statusCode, statusText: "", headers: new Map(Object.entries(headers)), isAcceptValid }) as const;

describe("the WebSocket upgrade answer, judged", () => {
  test("101 with ocpp1.6 passes; another subprotocol or a wrong accept key fails", () => {
    expect(judgeUpgrade(answered(101, { "sec-websocket-protocol": "ocpp1.6" }), "full").result).toBe("pass");
    expect(judgeUpgrade(answered(101, { "sec-websocket-protocol": "ocpp2.0.1" }), "full")).toEqual({ result: "fail", detail: '101, but the Central System chose subprotocol "ocpp2.0.1" instead of ocpp1.6' });
    expect(judgeUpgrade(answered(101, { "sec-websocket-protocol": "ocpp1.6" }, false), "full").result).toBe("fail");
  });

  test("401 is the expected answer without credentials, and a failure with them", () => {
    expect(judgeUpgrade(answered(401), "withoutCredentials").result).toBe("pass");
    expect(judgeUpgrade(answered(401), "full")).toEqual({ result: "fail", detail: "401: the Central System rejected the credentials (AuthorizationKey)" });
  });

  test("a 101 without credentials passes but says the Central System let it in", () => {
    expect(judgeUpgrade(answered(101, { "sec-websocket-protocol": "ocpp1.6" }), "withoutCredentials").detail).toContain("WITHOUT credentials");
  });

  test("404 hints at an unknown identity; no answer is a failure in words", () => {
    expect(judgeUpgrade(answered(404), "full").detail).toContain("does not know this identity or path");
    expect(judgeUpgrade({ kind: "failed", reason: "no answer to the upgrade request within 5000 ms" }, "full")).toEqual({ result: "fail", detail: "no answer to the upgrade request within 5000 ms" });
  });
});
