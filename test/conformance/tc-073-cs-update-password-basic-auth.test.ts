import { describe, expect, test } from "bun:test";
import { caseTimeoutMs, ConformanceStation, conformanceHooks } from "./harness.ts";

conformanceHooks();

const chargePointId = "CSC22B7-TEST";
const basic = (password: string) => `Basic ${Buffer.from(`${chargePointId}:${password}`).toString("base64")}`;
const hex = (text: string) => Buffer.from(text).toString("hex").toUpperCase();

describe("TC_073_CS Update Charge Point Password for HTTP Basic Authentication", () => {
  test("ChangeConfiguration(AuthorizationKey) is answered Accepted, then the station reconnects with the new password", async () => {
    let password = "CSC22B7-first-secret";
    const station = await ConformanceStation.start({
      centralSystem: { securityProfile: 1, authorizationKey: hex(password) },
      acceptUpgrade: (req) => (req.headers.get("authorization") === basic(password) ? undefined : new Response("wrong password", { status: 401 })),
    });
    const { csms } = station;
    const connectionsBefore = csms.connections.length;
    expect(csms.connections.at(-1)?.authorization).toBe(basic(password));

    // TEST-CASES step 1: the hex of "OCA_OCTT_admin_test". From now on the Central System takes only the new password.
    password = "OCA_OCTT_admin_test";
    expect(await station.request("ChangeConfiguration", { key: "AuthorizationKey", value: "4F43415F4F4354545F61646D696E5F74657374" })).toEqual({ status: "Accepted" });

    // Step 2: the station drops its connection and reconnects using the new password.
    await csms.until(() => csms.connections.length > connectionsBefore, 15_000, "a new connection");
    expect(csms.connections.slice(connectionsBefore).map((c) => c.authorization)).toEqual([basic("OCA_OCTT_admin_test")]);
    await csms.until(() => csms.isStationConnected, 15_000, "the station connected again");
    // The key is write-only: GetConfiguration never returns it.
    const read = await station.request("GetConfiguration", { key: ["AuthorizationKey"] });
    expect(read).toEqual({ configurationKey: [], unknownKey: ["AuthorizationKey"] });
    expect(csms.schemaViolations).toEqual([]);
  }, caseTimeoutMs);
});
