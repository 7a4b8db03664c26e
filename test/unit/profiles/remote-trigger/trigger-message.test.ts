import { describe, expect, test } from "bun:test";
import type { CallOutcome } from "../../../../src/station/ports.ts";
import { bootAnswer, triggerRig } from "./trigger-rig.ts";

const now = "2026-01-01T10:00:00.000Z";
const sampled = (measurand: string, value: string, unit: string) => ({ context: "Trigger", format: "Raw", location: "Outlet", measurand, value, unit });

describe("TriggerMessage (Remote Trigger, SPEC-DIGEST §15)", () => {
  test("SupportedFeatureProfiles lists RemoteTrigger, derived from the registered profile", async () => {
    const { exchange } = await triggerRig();
    const frame = await exchange("GetConfiguration", { key: ["SupportedFeatureProfiles"] });
    const value = (frame?.[2] as { configurationKey: { value: string }[] }).configurationKey[0]?.value;
    expect(value?.split(",")).toContain("RemoteTrigger");
  });

  describe("MeterValues", () => {
    test("for one connector: the latest value of every MeterValuesSampledData measurand, context Trigger, no transactionId while idle", async () => {
      const { rig, trigger } = await triggerRig({ ocpp: { MeterValuesSampledData: "Energy.Active.Import.Register,Power.Active.Import" } });
      rig.c1.energyWh = 1234.4;
      rig.c1.powerW = 7400;
      expect(await trigger("MeterValues", 1)).toBe("Accepted");
      expect(rig.payloadsOf("MeterValues")).toEqual([
        { connectorId: 1, meterValue: [{ timestamp: now, sampledValue: [sampled("Energy.Active.Import.Register", "1234", "Wh"), sampled("Power.Active.Import", "7400", "W")] }] },
      ]);
    });

    test("without connectorId: one MeterValues per connector, not the station's 0", async () => {
      const { rig, trigger } = await triggerRig();
      rig.c1.energyWh = 10;
      rig.c2.energyWh = 20;
      expect(await trigger("MeterValues")).toBe("Accepted");
      expect(rig.payloadsOf("MeterValues").map((p) => [p.connectorId, p.meterValue[0].sampledValue[0].value])).toEqual([
        [1, "10"],
        [2, "20"],
      ]);
    });

    test("connectorId 0: the station itself, the total of its connectors", async () => {
      const { rig, trigger } = await triggerRig();
      rig.c1.energyWh = 10;
      rig.c2.energyWh = 20;
      expect(await trigger("MeterValues", 0)).toBe("Accepted");
      expect(rig.payloadsOf("MeterValues").map((p) => [p.connectorId, p.meterValue[0].sampledValue[0].value])).toEqual([[0, "30"]]);
    });

    test("during a transaction whose id the Central System gave: the transactionId, and nothing is queued", async () => {
      const { rig, trigger } = await triggerRig({ answers: { StartTransaction: () => ({ kind: "ok", payload: { transactionId: 4711, idTagInfo: { status: "Accepted" } } }) } });
      await rig.charge(1);
      expect(await trigger("MeterValues", 1)).toBe("Accepted");
      expect(rig.payloadsOf("MeterValues")).toEqual([expect.objectContaining({ connectorId: 1, transactionId: 4711 })]);
      expect(rig.store.stats().pending).toBe(0);
    });

    test("during a transaction whose StartTransaction is not answered yet: no transactionId, and it does not wait behind the queue", async () => {
      const { rig, trigger } = await triggerRig({ answers: { StartTransaction: () => ({ kind: "timeout" }) } });
      await rig.charge(2);
      expect(rig.store.stats().pending).toBe(1);
      expect(await trigger("MeterValues", 2)).toBe("Accepted");
      expect(rig.payloadsOf("MeterValues")).toEqual([expect.not.objectContaining({ transactionId: expect.anything() })]);
      expect(rig.payloadsOf("MeterValues")[0].connectorId).toBe(2);
      expect(rig.store.stats().pending).toBe(1);
    });

    test("an unknown connectorId is Rejected and nothing is sent", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("MeterValues", 3)).toBe("Rejected");
      expect(await trigger("MeterValues", -1)).toBe("Rejected");
      expect(rig.csms.calls).toEqual([]);
    });

    test("with no MeterValuesSampledData there is nothing to send: Rejected", async () => {
      const { rig, trigger } = await triggerRig({ ocpp: { MeterValuesSampledData: "" } });
      expect(await trigger("MeterValues", 1)).toBe("Rejected");
      expect(rig.csms.calls).toEqual([]);
    });
  });

  describe("StatusNotification", () => {
    test("for a connector: its current status although it was reported and has not changed", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("StatusNotification", 1)).toBe("Accepted");
      expect(rig.payloadsOf("StatusNotification")).toEqual([{ connectorId: 1, status: "Available", errorCode: "NoError", timestamp: now }]);
    });

    test("without connectorId: connector 0, then each connector", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("StatusNotification")).toBe("Accepted");
      expect(rig.payloadsOf("StatusNotification").map((p) => p.connectorId)).toEqual([0, 1, 2]);
    });

    test("connectorId 0: the station's own status only", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("StatusNotification", 0)).toBe("Accepted");
      expect(rig.payloadsOf("StatusNotification").map((p) => p.connectorId)).toEqual([0]);
    });

    test("a status younger than MinimumStatusDuration is reported at once, and not again when it has lasted", async () => {
      const { rig, trigger } = await triggerRig({ ocpp: { MinimumStatusDuration: "90" } });
      rig.c1.setPilot("B");
      await rig.settle(2_000);
      expect(rig.statuses(1)).toEqual([]);
      expect(await trigger("StatusNotification", 1)).toBe("Accepted");
      expect(rig.statuses(1)).toEqual(["Preparing"]);
      await rig.settle(120_000);
      expect(rig.statuses(1)).toEqual(["Preparing"]);
    });

    test("an unknown connectorId is Rejected and nothing is sent", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("StatusNotification", 3)).toBe("Rejected");
      expect(rig.csms.calls).toEqual([]);
    });
  });

  test("Heartbeat: one now, whatever the interval; the connectorId does not matter", async () => {
    const { rig, trigger } = await triggerRig();
    expect(await trigger("Heartbeat", 7)).toBe("Accepted");
    expect(rig.csms.actions).toEqual(["Heartbeat"]);
  });

  test("DiagnosticsStatusNotification and FirmwareStatusNotification: Idle while no profile runs an upload or an update", async () => {
    const { rig, trigger } = await triggerRig();
    expect(await trigger("DiagnosticsStatusNotification")).toBe("Accepted");
    expect(await trigger("FirmwareStatusNotification")).toBe("Accepted");
    expect(rig.csms.calls.map((call) => [call.action, call.payload])).toEqual([
      ["DiagnosticsStatusNotification", { status: "Idle" }],
      ["FirmwareStatusNotification", { status: "Idle" }],
    ]);
  });

  describe("BootNotification and the registration", () => {
    test("once Accepted a triggered BootNotification is Rejected (E3.35) and none is sent", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("BootNotification")).toBe("Rejected");
      expect(rig.csms.calls).toEqual([]);
      expect(rig.station.registration.status).toBe("Accepted");
    });

    test("while Pending a triggered BootNotification is sent at once, not after the interval", async () => {
      let bootStatus: "Accepted" | "Pending" = "Pending";
      const { rig, trigger } = await triggerRig({ answers: { BootNotification: () => bootAnswer(bootStatus, now) } });
      expect(rig.station.registration.status).toBe("Pending");
      bootStatus = "Accepted";
      expect(await trigger("BootNotification")).toBe("Accepted");
      expect(rig.csms.actions[0]).toBe("BootNotification");
      expect(rig.station.registration.status).toBe("Accepted");
    });

    test("while Pending the other triggered messages are sent too (C§4.2: the only requests allowed then)", async () => {
      const { rig, trigger } = await triggerRig({ answers: { BootNotification: () => bootAnswer("Pending", now) } });
      for (const message of ["StatusNotification", "MeterValues", "Heartbeat", "DiagnosticsStatusNotification", "FirmwareStatusNotification"]) {
        expect(await trigger(message, message === "StatusNotification" ? 1 : undefined)).toBe("Accepted");
      }
      expect(rig.csms.actions).toEqual(["StatusNotification", "MeterValues", "MeterValues", "Heartbeat", "DiagnosticsStatusNotification", "FirmwareStatusNotification"]);
    });

    test("before any BootNotification was answered only BootNotification may be triggered; it follows the answer to the one in flight", async () => {
      const { rig, trigger } = await triggerRig({ isBooted: false });
      let answerBoot: (outcome: CallOutcome<unknown>) => void = () => {};
      const respond = rig.csms.respond;
      rig.csms.respond = (action, payload) => (action === "BootNotification" ? new Promise((resolve) => (answerBoot = resolve)) : respond(action, payload));
      rig.built.start();
      rig.csms.connect();
      await rig.settle();
      expect(await trigger("StatusNotification", 1)).toBe("Rejected");
      expect(await trigger("Heartbeat")).toBe("Rejected");
      expect(await trigger("BootNotification")).toBe("Accepted");
      expect(rig.csms.actions).toEqual(["BootNotification"]);
      answerBoot(bootAnswer("Pending", now));
      await rig.settle();
      expect(rig.csms.actions).toEqual(["BootNotification", "BootNotification"]);
    });
  });

  describe("a requestedMessage this firmware does not know", () => {
    test("is answered NotImplemented, not with a CALLERROR (§15 [impl])", async () => {
      const { rig, trigger } = await triggerRig();
      expect(await trigger("SignChargePointCertificate")).toBe("NotImplemented");
      expect(await trigger("StartTransaction", 1)).toBe("NotImplemented");
      expect(rig.csms.calls).toEqual([]);
    });

    test("a request that breaks the schema otherwise is still a CALLERROR", async () => {
      const { exchange } = await triggerRig();
      expect((await exchange("TriggerMessage", { requestedMessage: 5 }))?.slice(0, 3)).toEqual([4, "cs-1", "TypeConstraintViolation"]);
      expect((await exchange("TriggerMessage", {}))?.slice(0, 3)).toEqual([4, "cs-2", "ProtocolError"]);
      expect((await exchange("TriggerMessage", { requestedMessage: "Heartbeat", extra: 1 }))?.slice(0, 3)).toEqual([4, "cs-3", "FormationViolation"]);
      expect((await exchange("TriggerMessage", { requestedMessage: "Heartbeat", connectorId: 1.5 }))?.slice(0, 3)).toEqual([4, "cs-4", "TypeConstraintViolation"]);
    });
  });

  test("offline the triggered messages are dropped with a log line, never queued, and not sent after the reconnect", async () => {
    const { rig, trigger, logLines } = await triggerRig();
    await rig.charge(1);
    rig.csms.calls.length = 0;
    rig.csms.disconnect();
    const messages = ["MeterValues", "StatusNotification", "Heartbeat", "DiagnosticsStatusNotification", "FirmwareStatusNotification"];
    for (const message of messages) expect(await trigger(message, 1)).toBe("Accepted");
    expect(rig.store.stats().pending).toBe(0);
    for (const message of messages) expect(logLines.filter((line) => line.includes(`triggered message dropped: offline action=${message}`))).toHaveLength(1);
    rig.csms.connect();
    await rig.settle();
    expect(rig.csms.calls).toEqual([]);
  });
});
