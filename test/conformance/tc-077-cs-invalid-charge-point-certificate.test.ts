import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, call, conformanceHooks } from "./harness.ts";
import { profile3Station, securityPki } from "./security-pki.ts";

conformanceHooks();
const pki = securityPki();

describe("TC_077_CS Invalid ChargePointCertificate Security Event", () => {
  test("a CertificateSigned that is not of the CPO's hierarchy is Rejected, then SecurityEventNotification InvalidChargePointCertificate; the station keeps its certificate and its connection", async () => {
    const station = await profile3Station(pki, { CpoName: "VENDOR" });
    const { csms } = station;
    const since = station.mark();
    expect(await station.request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    const sign = await station.waitFor(call("SignCertificate"), since);
    // Step 3: signed by a CA the station does not trust (not the CPO's).
    const stranger = pki.pki.root("Stranger CA");
    const invalid = pki.pki.signCsr(stranger, sign.payload.csr);
    const connections = csms.connections.length;
    expect(await station.request("CertificateSigned", { certificateChain: invalid })).toEqual({ status: "Rejected" });
    // Step 4.
    const event = await station.waitFor(call("SecurityEventNotification", { type: "InvalidChargePointCertificate" }), since);
    expect(event.payload.techInfo).toMatch(/no installed root/);
    await Bun.sleep(500);
    expect(csms.connections.length).toBe(connections);
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
