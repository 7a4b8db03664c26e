/**
 * Security events through the binary (§17.5): raised where they happen, kept in the security log, and
 * sent with SecurityEventNotification through the durable queue: offline and across a power cut they
 * arrive later, each once, in order. TLS and credential failures are events, once per outage.
 */
import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, call, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

const eventsSince = (station: ConformanceStation, since: number) =>
  station.callsSince(since).filter((c) => c.action === "SecurityEventNotification").map((c) => c.payload as { type: string; timestamp: string; techInfo?: string });

/** The boot's StartupOfTheDevice follows the boot statuses through the queue. */
const untilStartupReported = (station: ConformanceStation) =>
  station.csms.until(() => eventsSince(station, 0).some((e) => e.type === "StartupOfTheDevice"), 15_000, "StartupOfTheDevice");

describe("Security events and the security log", () => {
  test("events raised offline and before a power cut arrive after it, each once and in order: ResetOrReboot, StartupOfTheDevice, StartupOfTheDevice", async () => {
    const station = await ConformanceStation.start();
    const { csms } = station;
    await untilStartupReported(station);
    const since = station.mark();
    await station.goOffline();
    // A clean stop while offline (ResetOrReboot), a start while offline (StartupOfTheDevice), then a power cut and a start.
    await station.stopAndStart();
    await station.untilLogged(/security event type=StartupOfTheDevice/, 2);
    await station.powerCycle();
    await station.untilLogged(/security event type=StartupOfTheDevice/, 3);
    await station.goOnline();
    await csms.until(() => eventsSince(station, since).length >= 3, 15_000, "the queued events");
    await Bun.sleep(500);
    const events = eventsSince(station, since);
    expect(events.map((e) => e.type)).toEqual(["ResetOrReboot", "StartupOfTheDevice", "StartupOfTheDevice"]);
    expect(events[0]!.techInfo).toMatch(/signal/);
    const times = events.map((e) => Date.parse(e.timestamp));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    // The security log holds them all (GetLog), the earlier boot's too.
    const answer = await station.request("GetLog", { logType: "SecurityLog", requestId: 5, log: { remoteLocation: csms.uploadUrl } });
    await station.waitFor(call("LogStatusNotification", { status: "Uploaded", requestId: 5 }), since);
    const lines = csms.uploads.get(`/upload/${answer.filename}`)!.split("\n").filter((line) => / (StartupOfTheDevice|ResetOrReboot) /.test(line));
    expect(lines.map((line) => line.split(" ")[1])).toEqual(["StartupOfTheDevice", "ResetOrReboot", "StartupOfTheDevice", "StartupOfTheDevice"]);
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("InvalidMessages for the first invalid message of a connection (a broken frame, a CALL its schema refuses), each still answered; the station stays connected", async () => {
    const station = await ConformanceStation.start();
    await untilStartupReported(station);
    const connections = station.csms.connections.length;
    const since = station.mark();
    station.csms.sendRaw(`[2,"bad-1","Reset",{"type":"Sideways"}]`);
    station.csms.sendRaw("[2,");
    await station.csms.until(() => eventsSince(station, since).some((e) => e.type === "InvalidMessages"), 15_000, "InvalidMessages");
    expect(await station.request("Reset", { type: "Sideways" }).catch((error: Error) => error.message)).toMatch(/PropertyConstraintViolation/);
    await Bun.sleep(500);
    const invalid = eventsSince(station, since).filter((e) => e.type === "InvalidMessages");
    expect(invalid).toHaveLength(1);
    expect(invalid[0]!.techInfo).toMatch(/^Reset answered PropertyConstraintViolation/);
    expect(station.csms.connections.length).toBe(connections);
  }, caseTimeoutMs);

  test("SettingSystemTime when the Central System moves the clock; ResetOrReboot for a Reset; diag lists the last events", async () => {
    const station = await ConformanceStation.start();
    await untilStartupReported(station);
    const since = station.mark();
    const hourAhead = new Date(Date.now() + 3600_000).toISOString();
    station.script.overrides.set("BootNotification", () => ({ result: { status: "Accepted", interval: 300, currentTime: hourAhead } }));
    expect(await station.request("Reset", { type: "Soft" })).toEqual({ status: "Accepted" });
    await station.csms.until(() => eventsSince(station, since).some((e) => e.type === "SettingSystemTime"), 15_000, "SettingSystemTime");
    const types = eventsSince(station, since).map((e) => e.type);
    expect(types.slice(0, 2)).toEqual(["ResetOrReboot", "StartupOfTheDevice"]);
    expect(eventsSince(station, since).find((e) => e.type === "ResetOrReboot")!.techInfo).toBe("Reset Soft");
    const report = await station.diag();
    expect(report.profiles.Security.lines.some((line: string) => /event .* SettingSystemTime/.test(line))).toBe(true);
  }, caseTimeoutMs);

  test("a Central System offering TLS below 1.2, only other suites, an untrusted certificate, or refusing the password: one event each per outage, sent once connected", async () => {
    const strangerRoot = pki.pki.root("Stranger Root");
    const stranger = pki.pki.issue(strangerRoot, "stranger-server", "/CN=localhost", { extensions: "subjectAltName=DNS:localhost\nextendedKeyUsage=serverAuth\n" });
    const bad = {
      InvalidTLSVersion: { maxVersion: "TLSv1.1" as const, minVersion: "TLSv1" as const },
      InvalidTLSCipherSuite: { maxVersion: "TLSv1.2" as const, ciphers: "ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-CHACHA20-POLY1305" },
      InvalidCentralSystemCertificate: { cert: stranger.certPem, key: stranger.keyPem },
    };
    const station = await ConformanceStation.start({
      tls: pki.tls(false, bad.InvalidTLSVersion),
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem" },
      waitUntilIdle: false,
    });
    const { csms, tls } = station;
    for (const event of Object.keys(bad)) {
      await csms.until(() => station.countLogged(new RegExp(`security event type=${event}`)) >= 1, 15_000, event);
      const failures = station.countLogged(/link to the Central System down/);
      await csms.until(() => station.countLogged(/link to the Central System down/) >= failures + 2, 15_000, "two more failed attempts");
      if (event === "InvalidTLSVersion") await tls!.restart({ ...pki.tls(), ...bad.InvalidTLSCipherSuite });
      else if (event === "InvalidTLSCipherSuite") await tls!.restart({ ...pki.tls(), ...bad.InvalidCentralSystemCertificate });
    }
    // The password refused (401), then everything right again.
    csms.acceptUpgrade = () => new Response("no", { status: 401 });
    await tls!.restart(pki.tls());
    await csms.until(() => station.countLogged(/security event type=FailedToAuthenticateAtCentralSystem/) >= 1, 15_000, "FailedToAuthenticateAtCentralSystem");
    csms.acceptUpgrade = () => undefined;
    await station.untilIdle(0);
    await csms.until(() => eventsSince(station, 0).length >= 5, 15_000, "the events");
    const types = eventsSince(station, 0).map((e) => e.type);
    expect(types.filter((t) => t !== "StartupOfTheDevice")).toEqual(["InvalidTLSVersion", "InvalidTLSCipherSuite", "InvalidCentralSystemCertificate", "FailedToAuthenticateAtCentralSystem"]);
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
