import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, call, ConformanceStation, conformanceHooks } from "./harness.ts";
import { authorizationKey, basicAuth, securityPki, serialNumber } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

const securityProfileOf = async (station: ConformanceStation) =>
  (await station.request("GetConfiguration", { key: ["SecurityProfile"] })).configurationKey[0].value;

describe("TC_083_CS Upgrade security profile", () => {
  test("connected at profile 2 with a station certificate, SecurityProfile 3 is Accepted and the station reconnects by itself with its client certificate", async () => {
    const station = await ConformanceStation.start({
      tls: pki.tls(true, { isClientCertificateOptional: true }),
      files: pki.station3Files(),
      identity: { chargePointSerialNumber: serialNumber },
      centralSystem: { securityProfile: 2, authorizationKey, caFile: "ca.pem", certFile: "station.pem", keyFile: "station.key" },
    });
    const { csms, tls } = station;
    expect(tls!.sessions.at(-1)!.client).toBeUndefined();
    expect(csms.connections.at(-1)!.authorization).toBe(basicAuth());
    const connections = csms.connections.length;
    const sessions = tls!.sessions.length;
    expect(await station.request("ChangeConfiguration", { key: "SecurityProfile", value: "3" })).toEqual({ status: "Accepted" });
    await csms.until(() => csms.connections.length > connections && csms.isStationConnected, 15_000, "a connection at profile 3");
    const session = tls!.sessions.slice(sessions).at(-1)!;
    expect(session.client?.subjectCn).toBe(serialNumber);
    expect(session.isClientTrusted).toBe(true);
    expect(csms.connections.at(-1)!.authorization).toBeNull();
    expect(await securityProfileOf(station)).toBe("3");
    // The lower profile is never allowed again (TC_084).
    expect(await station.request("ChangeConfiguration", { key: "SecurityProfile", value: "2" })).toEqual({ status: "Rejected" });
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("a raised profile whose connection fails falls back to the one before (A05.FR.08): read back as before, recorded in the security log", async () => {
    // At profile 1 on ws://, profile 2 tries wss:// on the same port, where no TLS server listens.
    const station = await ConformanceStation.start({
      files: { "ca.pem": pki.cpoRoot.certPem },
      centralSystem: { securityProfile: 1, authorizationKey, caFile: "ca.pem" },
    });
    const { csms } = station;
    const connections = csms.connections.length;
    const since = station.mark();
    expect(await station.request("ChangeConfiguration", { key: "SecurityProfile", value: "2" })).toEqual({ status: "Accepted" });
    await csms.until(() => csms.connections.length > connections && csms.isStationConnected, 15_000, "the connection at profile 1 again");
    expect(csms.connections.at(-1)!.authorization).toBe(basicAuth());
    expect(await securityProfileOf(station)).toBe("1");
    const reconfigured = () => station.callsSince(since).filter((c) => call("SecurityEventNotification", { type: "ReconfigurationOfSecurityParameters" }).matches(c));
    await csms.until(() => reconfigured().length >= 2, 15_000, "the fallback in the security log");
    expect(reconfigured().map((c) => c.payload.techInfo)).toEqual(["SecurityProfile 1 → 2", expect.stringMatching(/^SecurityProfile 2 failed to connect \(.*\); back to 1$/)]);
    // And across a restart the station stays at 1.
    const beforeRestart = station.mark();
    await station.powerCycle();
    await station.untilIdle(beforeRestart);
    expect(await securityProfileOf(station)).toBe("1");
  }, caseTimeoutMs);
});
