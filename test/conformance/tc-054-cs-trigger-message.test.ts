import { describe, expect, test } from "bun:test";
import type { ReceivedCall } from "../support/test-csms.ts";
import { C, call, caseTimeoutMs, ConformanceStation, conformanceHooks, type Expected, matching, observe, status } from "./harness.ts";

conformanceHooks();

const measurands = "Energy.Active.Import.Register,Power.Active.Import,Current.Offered";

/**
 * TriggerMessage from the Central System; resolves with the status answered and, when Accepted, the
 * message it triggered, which must arrive after the TriggerMessage.conf (C§5.17).
 */
async function trigger(station: ConformanceStation, payload: Record<string, unknown>, expected: Expected): Promise<{ status: string; message?: ReceivedCall }> {
  const since = station.mark();
  const arrivedBefore = station.csms.arrivals.length;
  const frame = await station.csms.call("TriggerMessage", payload);
  expect(frame[0]).toBe(3);
  const answer = frame[2] as { status: string };
  if (answer.status !== "Accepted") return { status: answer.status };
  const message = await station.waitFor(expected, since);
  const arrivals = station.csms.arrivals.slice(arrivedBefore);
  expect(arrivals.slice(0, arrivals.indexOf(`CALL ${message.action}`))).toContain(`CALLRESULT ${frame[1]}`);
  return { status: answer.status, message };
}

describe("TC_054_CS Trigger Message", () => {
  test("MeterValues, Heartbeat, StatusNotification, DiagnosticsStatusNotification and FirmwareStatusNotification are each Accepted and follow their conf with the current state", async () => {
    const station = await ConformanceStation.start({ ocpp: { MeterValuesSampledData: measurands } });

    const meter = await trigger(station, { requestedMessage: "MeterValues", connectorId: C }, call("MeterValues", { connectorId: C }));
    expect(meter.status).toBe("Accepted");
    const sampled = meter.message!.payload.meterValue[0].sampledValue as { context: string; measurand: string }[];
    expect(sampled.map((value) => value.measurand)).toEqual(measurands.split(","));
    expect(sampled.map((value) => value.context)).toEqual(["Trigger", "Trigger", "Trigger"]);
    expect(meter.message!.payload).not.toHaveProperty("transactionId");

    expect((await trigger(station, { requestedMessage: "Heartbeat" }, call("Heartbeat"))).status).toBe("Accepted");

    const statusOfC = await trigger(station, { requestedMessage: "StatusNotification", connectorId: C }, status(C, "Available"));
    expect(statusOfC.status).toBe("Accepted");

    const diagnostics = await trigger(station, { requestedMessage: "DiagnosticsStatusNotification" }, call("DiagnosticsStatusNotification"));
    expect(diagnostics.status).toBe("Accepted");
    expect(diagnostics.message!.payload).toEqual({ status: "Idle" });

    // The tool takes Accepted or NotImplemented; this firmware answers Accepted, so Idle must follow.
    const firmware = await trigger(station, { requestedMessage: "FirmwareStatusNotification" }, call("FirmwareStatusNotification"));
    expect(firmware.status).toBe("Accepted");
    expect(firmware.message!.payload).toEqual({ status: "Idle" });

    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("S3 also triggers BootNotification: once Accepted it is Rejected (E3.35) and no BootNotification follows", async () => {
    const station = await ConformanceStation.start();
    const since = station.mark();
    expect(await station.request("TriggerMessage", { requestedMessage: "BootNotification" })).toEqual({ status: "Rejected" });
    await observe(2_000);
    expect(matching(station.callsSince(since), call("BootNotification"))).toEqual([]);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);

  test("while Pending a triggered BootNotification leaves at once, not after the interval (C§4.2)", async () => {
    const station = await ConformanceStation.start({ bootAnswers: [{ status: "Pending", interval: 300 }], waitUntilIdle: false });
    await station.waitFor(call("BootNotification"), 0);
    await observe(500); // the Pending answer reaches the station before the trigger does
    const boot = await trigger(station, { requestedMessage: "BootNotification" }, call("BootNotification"));
    expect(boot.status).toBe("Accepted");
    await station.untilIdle(0);
    expect(station.csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
