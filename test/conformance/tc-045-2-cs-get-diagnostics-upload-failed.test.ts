import { afterEach, describe, expect, test } from "bun:test";
import { tempDir } from "../support/temp-dir.ts";
import { call, caseTimeoutMs, conformanceHooks, expectInOrder, observe } from "./harness.ts";
import { ftpServer, installedStation, stopFileServers } from "./firmware-station.ts";

conformanceHooks();
afterEach(() => stopFileServers());

describe("TC_045_2_CS Get Diagnostics - Upload Failed", () => {
  test("a directory the FTP server does not have (retries 0): Uploading, then UploadFailed once; the station goes on normally", async () => {
    const ftp = await ftpServer(tempDir("csc22b7-ftp-"));
    const station = await installedStation();
    const since = station.mark();
    const answer = await station.request("GetDiagnostics", { location: `ftp://127.0.0.1:${ftp.port}/files/failedLocation`, retries: 0 });
    expect(typeof answer.fileName).toBe("string");
    await station.waitFor(call("DiagnosticsStatusNotification", { status: "UploadFailed" }), since);
    expectInOrder(station.callsSince(since), [call("DiagnosticsStatusNotification", { status: "Uploading" }), call("DiagnosticsStatusNotification", { status: "UploadFailed" })]);
    await observe(1_000);
    expect(station.callsSince(since).filter((c) => c.action === "DiagnosticsStatusNotification").map((c) => c.payload.status)).toEqual(["Uploading", "UploadFailed"]);
    // It operates normally: a charging session starts and is Charging.
    const transactionId = await station.rsCharging();
    expect(transactionId).toBeGreaterThan(0);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
