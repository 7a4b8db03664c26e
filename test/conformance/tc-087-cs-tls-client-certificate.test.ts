import { describe, expect, test } from "bun:test";
import { X509Certificate } from "node:crypto";
import { C, caseTimeoutMs, conformanceHooks, OTHER, statusOf } from "./harness.ts";
import { profile3Station, securityPki, serialNumber } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_087_CS TLS - Client-side certificate - valid certificate", () => {
  test("at security profile 3, after a reset, the station presents its certificate: PEM X.509, a key of 224+ bits EC, a serial number, CN = its serial number", async () => {
    const station = await profile3Station(pki);
    const { csms, tls } = station;
    // Before: the station is reset; it connects again with TLS ≥ 1.2 and its certificate.
    const since = station.mark();
    const sessions = tls!.sessions.length;
    expect(await station.request("Reset", { type: "Hard" })).toEqual({ status: "Accepted" });
    await station.untilIdle(since);
    for (const connectorId of [0, C, OTHER]) await station.waitFor(statusOf(connectorId), since);
    const session = tls!.sessions.slice(sessions).at(-1)!;
    expect(["TLSv1.2", "TLSv1.3"]).toContain(session.protocol!);
    expect(session.isClientTrusted).toBe(true);
    const certificate = new X509Certificate(session.client!.pem);
    const details = certificate.publicKey.asymmetricKeyDetails!;
    expect(certificate.publicKey.asymmetricKeyType === "ec" ? 256 : details.modulusLength!).toBeGreaterThanOrEqual(224);
    expect(certificate.serialNumber).toMatch(/[1-9A-F]/);
    expect(session.client!.subjectCn).toBe(serialNumber);
    // Profile 3 sends no Basic auth.
    expect(csms.connections.at(-1)?.authorization).toBeNull();
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
