import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, call, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

describe("TC_079_CS Get Security Log", () => {
  test("GetLog(SecurityLog) is Accepted with a file name, LogStatusNotification Uploading then Uploaded carry the requestId, and the file arrives with the events", async () => {
    const station = await ConformanceStation.start();
    const { csms } = station;
    const since = station.mark();
    const answer = await station.request("GetLog", { logType: "SecurityLog", requestId: 17, log: { remoteLocation: csms.uploadUrl } });
    expect(answer).toEqual({ status: "Accepted", filename: expect.stringMatching(/\.log$/) });
    await station.waitFor(call("LogStatusNotification", { status: "Uploaded", requestId: 17 }), since);
    const notifications = station.callsSince(since).filter((c) => c.action === "LogStatusNotification").map((c) => c.payload);
    expect(notifications).toEqual([{ status: "Uploading", requestId: 17 }, { status: "Uploaded", requestId: 17 }]);
    // Expected: the file arrives at LOG_URL under the name the station reported.
    const file = csms.uploads.get(`/upload/${answer.filename}`);
    expect(file).toContain("StartupOfTheDevice");
    expect(file).not.toContain("PRIVATE KEY");
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("a second GetLog while one uploads cancels it (AcceptedCanceled); DiagnosticsLog uploads the station's own log, redacted", async () => {
    const station = await ConformanceStation.start({ centralSystem: { securityProfile: 1, authorizationKey: "00112233445566778899AABBCCDDEEFF" } });
    const { csms } = station;
    const since = station.mark();
    csms.uploadAnswer = { status: 201, delayMs: 3_000 };
    expect(await station.request("GetLog", { logType: "SecurityLog", requestId: 1, log: { remoteLocation: csms.uploadUrl } })).toMatchObject({ status: "Accepted" });
    await station.waitFor(call("LogStatusNotification", { status: "Uploading", requestId: 1 }), since);
    // "Uploading" leaves before the PUT: the slow answer must be taken by that PUT before it changes.
    await csms.until(() => csms.uploadsBegun === 1, 5_000, "the first upload's PUT");
    csms.uploadAnswer = { status: 201, delayMs: 0 };
    const second = await station.request("GetLog", { logType: "DiagnosticsLog", requestId: 2, log: { remoteLocation: csms.uploadUrl } });
    expect(second.status).toBe("AcceptedCanceled");
    await station.waitFor(call("LogStatusNotification", { status: "Uploaded", requestId: 2 }), since);
    const diagnostics = csms.uploads.get(`/upload/${second.filename}`)!;
    expect(diagnostics).toContain("connected to the Central System");
    expect(diagnostics).not.toContain("00112233445566778899AABBCCDDEEFF");
    await Bun.sleep(3_500);
    // The cancelled upload says nothing more.
    expect(station.callsSince(since).filter((c) => c.action === "LogStatusNotification" && c.payload.requestId === 1).map((c) => c.payload.status)).toEqual(["Uploading"]);
    // An upload the server refuses is PermissionDenied.
    csms.uploadAnswer = { status: 403, delayMs: 0 };
    expect(await station.request("GetLog", { logType: "SecurityLog", requestId: 3, log: { remoteLocation: csms.uploadUrl } })).toMatchObject({ status: "Accepted" });
    await station.waitFor(call("LogStatusNotification", { status: "PermissionDenied", requestId: 3 }), since);
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
