import { describe, expect, test } from "bun:test";
import { C, caseTimeoutMs, call, ConformanceStation, conformanceHooks, OTHER, statusOf } from "./harness.ts";
import { authorizationKey, basicAuth } from "./security-pki.ts";

conformanceHooks();

describe("TC_085_CS Basic Authentication - Valid username/password combination", () => {
  test("after a reset the upgrade carries Basic base64(<ChargePointId>:<the key's bytes>) with subprotocol ocpp1.6, then BootNotification and the statuses", async () => {
    const station = await ConformanceStation.start({
      centralSystem: { securityProfile: 1, authorizationKey },
      acceptUpgrade: (req) => (req.headers.get("authorization") === basicAuth() ? undefined : new Response("wrong password", { status: 401 })),
    });
    const { csms } = station;
    // Before: the station is made to reset.
    const connections = csms.connections.length;
    const since = station.mark();
    expect(await station.request("Reset", { type: "Hard" })).toEqual({ status: "Accepted" });
    await station.untilIdle(since);
    // Step 1: the ChargePointId is the URL's last segment and the user name; the password the hex key's 20 bytes, not its text.
    const upgrade = csms.connections.slice(connections).at(-1)!;
    expect(upgrade.chargePointId).toBe("CSC22B7-TEST");
    expect(upgrade.authorization).toBe(basicAuth(Buffer.from(authorizationKey, "hex")));
    expect(Buffer.from(upgrade.authorization!.replace("Basic ", ""), "base64").subarray("CSC22B7-TEST:".length)).toEqual(Buffer.from(authorizationKey, "hex"));
    // Steps 3-4.
    await station.waitFor(call("BootNotification"), since);
    for (const connectorId of [0, C, OTHER]) await station.waitFor(statusOf(connectorId), since);
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
