import { describe, expect, test } from "bun:test";
import { securityRig } from "./security-rig.ts";

describe("ExtendedTriggerMessage (§17.8)", () => {
  test("the messages TriggerMessage knows are served as it serves them, each after the answer", async () => {
    const { rig, request } = await securityRig({ ocpp: { MeterValuesSampledData: "Energy.Active.Import.Register" } });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "Heartbeat" })).toEqual({ status: "Accepted" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "StatusNotification", connectorId: 2 })).toEqual({ status: "Accepted" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "MeterValues", connectorId: 1 })).toEqual({ status: "Accepted" });
    // E3.35: once Accepted a triggered BootNotification is Rejected.
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "BootNotification" })).toEqual({ status: "Rejected" });
    expect(rig.sent()).toEqual(["Heartbeat", "MeterValues"]);
    expect(rig.statuses(2)).toEqual(["Available"]);
    expect(rig.payloadsOf("MeterValues")[0]).toMatchObject({ connectorId: 1, meterValue: [{ sampledValue: [expect.objectContaining({ context: "Trigger" })] }] });
  });

  test("FirmwareStatusNotification is SignedFirmwareStatusNotification Idle with no signed update running; LogStatusNotification Idle without a requestId", async () => {
    const { rig, request } = await securityRig();
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "FirmwareStatusNotification" })).toEqual({ status: "Accepted" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "LogStatusNotification" })).toEqual({ status: "Accepted" });
    expect(rig.csms.calls.map((c) => [c.action, c.payload])).toEqual([
      ["SignedFirmwareStatusNotification", { status: "Idle" }],
      ["LogStatusNotification", { status: "Idle" }],
    ]);
  });

  test("SignChargePointCertificate needs CpoName; connectorId 0 or below and a message it does not know are refused", async () => {
    const { request } = await securityRig();
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Rejected" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "StatusNotification", connectorId: 0 })).toEqual({ status: "Rejected" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "StatusNotification", connectorId: 7 })).toEqual({ status: "Rejected" });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "DiagnosticsStatusNotification" })).toEqual({ status: "NotImplemented" });
  });

  test("SignChargePointCertificate with CpoName: Accepted, then a SignCertificate with a PEM CSR", async () => {
    const { rig, request } = await securityRig({ ocpp: { CpoName: "VENDOR" } });
    expect(await request("ExtendedTriggerMessage", { requestedMessage: "SignChargePointCertificate" })).toEqual({ status: "Accepted" });
    // The key pair is made by WebCrypto in real time.
    for (let tries = 0; tries < 200 && rig.payloadsOf("SignCertificate").length === 0; tries += 1) await Bun.sleep(5);
    expect(rig.payloadsOf("SignCertificate")).toEqual([{ csr: expect.stringMatching(/^-----BEGIN CERTIFICATE REQUEST-----\n/) }]);
  });
});
