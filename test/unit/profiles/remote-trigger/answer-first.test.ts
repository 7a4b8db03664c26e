import { describe, expect, test } from "bun:test";
import { bootAnswer, triggerRig } from "./trigger-rig.ts";

/** What left the station, in order: its answers to the Central System and its own CALLs. */
async function timelineRig(options: Parameters<typeof triggerRig>[0] = {}) {
  const triggered = await triggerRig(options);
  const { rig, link } = triggered;
  const timeline: string[] = [];
  const respond = rig.csms.respond;
  rig.csms.respond = (action, payload) => {
    timeline.push(`CALL ${action}`);
    return respond(action, payload);
  };
  const send = link.send.bind(link);
  link.send = (text) => {
    const [type, , payload] = JSON.parse(text) as [number, string, { status?: string }];
    timeline.push(type === 3 ? `CALLRESULT ${payload.status}` : "CALLERROR");
    return send(text);
  };
  return { ...triggered, timeline };
}

describe("TriggerMessage answers first (C§5.17: the conf before the triggered message)", () => {
  const cases: [string, number | undefined, string[]][] = [
    ["MeterValues", 1, ["CALL MeterValues"]],
    ["MeterValues", undefined, ["CALL MeterValues", "CALL MeterValues"]],
    ["StatusNotification", undefined, ["CALL StatusNotification", "CALL StatusNotification", "CALL StatusNotification"]],
    ["Heartbeat", undefined, ["CALL Heartbeat"]],
    ["DiagnosticsStatusNotification", undefined, ["CALL DiagnosticsStatusNotification"]],
    ["FirmwareStatusNotification", undefined, ["CALL FirmwareStatusNotification"]],
  ];
  for (const [requestedMessage, connectorId, calls] of cases) {
    test(`${requestedMessage}${connectorId === undefined ? "" : ` for connector ${connectorId}`}: Accepted leaves, then the message`, async () => {
      const { trigger, timeline } = await timelineRig();
      await trigger(requestedMessage, connectorId);
      expect(timeline).toEqual(["CALLRESULT Accepted", ...calls]);
    });
  }

  test("BootNotification while Pending: Accepted leaves, then the BootNotification", async () => {
    const { trigger, timeline } = await timelineRig({ answers: { BootNotification: () => bootAnswer("Pending", "2026-01-01T10:00:00.000Z") } });
    await trigger("BootNotification");
    expect(timeline).toEqual(["CALLRESULT Accepted", "CALL BootNotification"]);
  });

  test("a Rejected trigger is answered and nothing follows", async () => {
    const { trigger, timeline } = await timelineRig();
    await trigger("MeterValues", 3);
    await trigger("BootNotification");
    expect(timeline).toEqual(["CALLRESULT Rejected", "CALLRESULT Rejected"]);
  });
});
