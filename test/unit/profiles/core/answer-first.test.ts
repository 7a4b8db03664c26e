import { describe, expect, test } from "bun:test";
import { centralSystemLink } from "../../../support/central-system-link.ts";
import { stationRig } from "../../../support/station-rig.ts";

/**
 * "Answers before actions": for each action whose work the specification orders after the answer,
 * or whose answer has no reason to wait, one timeline of what left the station, in order.
 */
async function answerFirstRig(ocpp: Record<string, string> = {}) {
  const rig = stationRig({ ocpp });
  const timeline: string[] = [];
  const respond = rig.csms.respond;
  rig.csms.respond = (action, payload) => {
    timeline.push(`CALL ${action}`);
    return respond(action, payload);
  };
  const { connection } = rig;
  const reconnect = connection.reconnect.bind(connection);
  connection.reconnect = (why) => {
    timeline.push(`reconnect: ${why}`);
    reconnect(why);
  };
  rig.station.lifecycle.onRequested((outcome) => timeline.push(`lifecycle: ${outcome.kind}`));
  await rig.boot();
  const { link, exchange } = centralSystemLink(rig);
  const send = link.send.bind(link);
  link.send = (text) => {
    const [type, id] = JSON.parse(text) as [number, string];
    timeline.push(`${type === 3 ? "CALLRESULT" : "CALLERROR"} ${id} (open transactions: ${rig.store.open().length})`);
    return send(text);
  };
  const request = async (id: string, action: string, payload: unknown) => {
    timeline.length = 0;
    await exchange(action, payload, id);
    return [...timeline];
  };
  return { rig, request, timeline };
}

describe("answers before actions", () => {
  test("RemoteStartTransaction: the CALLRESULT leaves before the Authorize and the Preparing it causes (§10.1)", async () => {
    const { request } = await answerFirstRig();
    const timeline = await request("rs", "RemoteStartTransaction", { idTag: "CARD", connectorId: 1 });
    expect(timeline[0]).toBe("CALLRESULT rs (open transactions: 0)");
    expect(timeline).toContain("CALL Authorize");
    expect(timeline).toContain("CALL StatusNotification");
  });

  test("RemoteStartTransaction with the EV waiting: CALLRESULT, then Authorize, then StartTransaction", async () => {
    const { rig, request } = await answerFirstRig();
    rig.c1.setPilot("B");
    await rig.settle();
    const timeline = (await request("rs", "RemoteStartTransaction", { idTag: "CARD" })).filter((line) => !line.includes("StatusNotification"));
    expect(timeline).toEqual(["CALLRESULT rs (open transactions: 0)", "CALL Authorize", "CALL StartTransaction"]);
  });

  test("RemoteStopTransaction: the CALLRESULT leaves before the stop is recorded and the StopTransaction sent (§10.2)", async () => {
    const { rig, request } = await answerFirstRig();
    await rig.charge(1);
    const timeline = (await request("stop", "RemoteStopTransaction", { transactionId: 1 })).filter((line) => !line.includes("StatusNotification"));
    expect(timeline).toEqual(["CALLRESULT stop (open transactions: 1)", "CALL StopTransaction"]);
    expect(rig.store.open()).toEqual([]);
  });

  test("a refused remote command is answered and starts nothing", async () => {
    const { rig, request } = await answerFirstRig();
    expect(await request("rs", "RemoteStartTransaction", { idTag: "CARD", connectorId: 3 })).toEqual(["CALLRESULT rs (open transactions: 0)"]);
    expect(await request("stop", "RemoteStopTransaction", { transactionId: 77 })).toEqual(["CALLRESULT stop (open transactions: 0)"]);
    expect(rig.sent()).toEqual([]);
  });

  test("Reset: the CALLRESULT leaves before the reset is requested (C§5.14)", async () => {
    const { request } = await answerFirstRig();
    // The security log's ResetOrReboot follows the request (§17.5).
    expect(await request("reset", "Reset", { type: "Hard" })).toEqual(["CALLRESULT reset (open transactions: 0)", "lifecycle: reset", "CALL SecurityEventNotification"]);
  });

  test("ChangeConfiguration of AuthorizationKey: Accepted leaves on the old connection, then the station reconnects (TC_073, §17.2 A01)", async () => {
    const { rig, request } = await answerFirstRig();
    const timeline = await request("key", "ChangeConfiguration", { key: "AuthorizationKey", value: "00112233445566778899AABBCCDDEEFF" });
    // A01.FR.11: the change is in the security log (ReconfigurationOfSecurityParameters), without the key.
    expect(timeline).toEqual(["CALLRESULT key (open transactions: 0)", "CALL SecurityEventNotification", "reconnect: AuthorizationKey changed"]);
    expect(rig.configuration.get("AuthorizationKey")).toBe("00112233445566778899AABBCCDDEEFF");
  });

  test("ChangeConfiguration of SecurityProfile: Accepted first, then the reconnect (§17.1 A05)", async () => {
    const { rig, request } = await answerFirstRig({ AuthorizationKey: "00112233445566778899AABBCCDDEEFF" });
    expect(await request("sp", "ChangeConfiguration", { key: "SecurityProfile", value: "1" })).toEqual([
      "CALLRESULT sp (open transactions: 0)",
      "CALL SecurityEventNotification",
      "reconnect: SecurityProfile changed",
    ]);
    expect(rig.configuration.integer("SecurityProfile")).toBe(1);
  });

  test("a rejected ChangeConfiguration changes nothing and reconnects nothing", async () => {
    const { rig, request } = await answerFirstRig();
    expect(await request("sp", "ChangeConfiguration", { key: "SecurityProfile", value: "2" })).toEqual(["CALLRESULT sp (open transactions: 0)"]);
    expect(rig.connection.reconnects).toEqual([]);
  });

  test("ChangeAvailability: the CALLRESULT leaves before the change is told to statuses and LEDs, and before its StatusNotification (C§5.2)", async () => {
    const { rig, request, timeline } = await answerFirstRig();
    rig.station.availability.onChanged(({ connectorId, availability }) => timeline.push(`told: ${connectorId} ${availability}`));
    expect(await request("ca", "ChangeAvailability", { connectorId: 2, type: "Inoperative" })).toEqual([
      "CALLRESULT ca (open transactions: 0)",
      "told: 2 Inoperative",
      "CALL StatusNotification",
    ]);
  });

  test("ChangeConfiguration of WebSocketPingInterval reaches the connection after the answer", async () => {
    const { rig, request } = await answerFirstRig();
    await request("ping", "ChangeConfiguration", { key: "WebSocketPingInterval", value: "42" });
    expect(rig.connection.pingIntervalSec).toBe(42);
  });
});
