import { afterEach, describe, expect, test } from "bun:test";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { tempDir } from "../support/temp-dir.ts";
import { call, caseTimeoutMs, conformanceHooks, expectInOrder } from "./harness.ts";
import { fileServer, ftpServer, installedStation, stopFileServers } from "./firmware-station.ts";

conformanceHooks();
afterEach(() => stopFileServers());

/** A key the Central System would set; it must appear nowhere in the diagnostics file. */
const authorizationKey = "0123456789abcdef0123456789abcdef";

/** The files of a .tar.gz, and the text of one of them, read with the system's tar. */
function unpack(archive: Uint8Array): { names: string[]; read(name: string): string } {
  const dir = tempDir("csc22b7-unpacked-");
  const file = join(dir, "diagnostics.tar.gz");
  writeFileSync(file, archive);
  const list = Bun.spawnSync(["tar", "-tzf", file]);
  expect(list.exitCode).toBe(0);
  expect(Bun.spawnSync(["tar", "-xzf", file, "-C", dir]).exitCode).toBe(0);
  return { names: list.stdout.toString().trim().split("\n"), read: (name) => readFileSync(join(dir, name), "utf8") };
}

describe("TC_045_1_CS Get Diagnostics", () => {
  test("HTTP: the answer names the file, Uploading then Uploaded, and the file arrives by PUT at <location>/<fileName>: a tar.gz of the log and diag's reports, without the AuthorizationKey", async () => {
    const uploads = fileServer();
    uploads.routes.set("/upload/", () => new Response(null, { status: 404 }));
    const station = await installedStation({ centralSystem: { securityProfile: 1, authorizationKey } });
    const since = station.mark();
    const answer = await station.request("GetDiagnostics", { location: uploads.url("/upload") });
    expect(answer.fileName).toMatch(/^csc22b7-diagnostics-\d{8}T\d{6}Z\.tar\.gz$/);
    uploads.routes.set(`/upload/${answer.fileName}`, () => new Response(null, { status: 201 }));

    await station.waitFor(call("DiagnosticsStatusNotification", { status: "Uploaded" }), since);
    expectInOrder(station.callsSince(since), [call("DiagnosticsStatusNotification", { status: "Uploading" }), call("DiagnosticsStatusNotification", { status: "Uploaded" })]);
    const put = uploads.requests.find((r) => r.path === `/upload/${answer.fileName}`)!;
    expect(put.method).toBe("PUT");
    const archive = unpack(put.body);
    expect(archive.names).toEqual(["station.log", "manifest.json", "diag.json", "configuration-keys.json", "queue.json", "runs.json", "station.json"]);
    expect(archive.read("station.log")).toContain("registration accepted");
    expect(JSON.parse(archive.read("diag.json"))).toMatchObject({ running: true, chargePointId: "CSC22B7-TEST", registration: "Accepted" });
    expect(JSON.parse(archive.read("station.json")).centralSystem.authorizationKey).toBe("(set, hidden)");
    for (const name of archive.names) expect(archive.read(name).toLowerCase()).not.toContain(authorizationKey);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("FTP: the file is stored as <fileName> in the location's directory", async () => {
    const root = tempDir("csc22b7-ftp-");
    mkdirSync(join(root, "diagnostics"));
    const ftp = await ftpServer(root);
    const station = await installedStation();
    const since = station.mark();
    const answer = await station.request("GetDiagnostics", { location: ftp.url("/diagnostics"), startTime: new Date(Date.now() - 3_600_000).toISOString() });
    await station.waitFor(call("DiagnosticsStatusNotification", { status: "Uploaded" }), since);
    const archive = unpack(readFileSync(join(root, "diagnostics", answer.fileName)));
    expect(JSON.parse(archive.read("manifest.json")).logLines).toBeGreaterThan(5);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
