import { describe, expect, test } from "bun:test";
import { classifyError, closedByServer, httpFailure } from "../../../src/ocpp/link-failure.ts";

function codeError(message: string, code?: string): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe("classifyError", () => {
  test.each([
    [codeError("getaddrinfo ENOTFOUND csms.invalid", "ENOTFOUND"), "dnsFailure", /DNS/],
    [codeError("connect ECONNREFUSED 127.0.0.1:1", "ECONNREFUSED"), "connectionRefused", /connection refused/],
    [codeError("self signed certificate in certificate chain", "SELF_SIGNED_CERT_IN_CHAIN"), "tlsError", /TLS \/ certificate/],
    [codeError("unable to verify the first certificate", "UNABLE_TO_VERIFY_LEAF_SIGNATURE"), "tlsError", /certificate/],
    [codeError("error:1000045c:SSL routines:OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED", "EPROTO"), "tlsError", /TLS/],
    [codeError("Opening handshake has timed out"), "handshakeTimeout", /within 1500 ms/],
    [codeError("Server sent no subprotocol"), "subprotocolRefused", /ocpp1\.6/],
    [codeError("Server sent an invalid subprotocol"), "subprotocolRefused", /ocpp1\.6/],
    [codeError("socket hang up", "ECONNRESET"), "networkError", /ECONNRESET/],
  ])("classifies an error %# as %s, in words", (error, kind, words) => {
    const failure = classifyError(error, 1_500);
    expect(failure.kind).toBe(kind as never);
    expect(failure.message).toMatch(words);
  });
});

describe("HTTP answers instead of an upgrade", () => {
  test("401 means the credentials were rejected", () => {
    expect(httpFailure(401)).toMatchObject({ kind: "credentialsRejected", statusCode: 401 });
  });

  test("another status is reported with its number, and 404 hints at an unknown identity", () => {
    expect(httpFailure(503)).toMatchObject({ kind: "httpStatus", statusCode: 503, message: expect.stringContaining("HTTP 503") });
    expect(httpFailure(404).message).toContain("identity unknown");
  });
});

test("a close by the Central System names its close code and reason", () => {
  expect(closedByServer(1001, "going away")).toMatchObject({ kind: "closedByServer", closeCode: 1001, message: expect.stringContaining("going away") });
});
