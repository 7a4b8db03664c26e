import { describe, expect, test } from "bun:test";
import { centralSystemLink } from "../../../support/central-system-link.ts";
import { memoryDatabase } from "../../../support/memory-database.ts";
import { stationRig } from "../../../support/station-rig.ts";

const accepted = { status: "Accepted" } as const;

/** The station with its Central System link, so SendLocalList and GetLocalListVersion go through the handlers. */
async function listRig(ocpp: Record<string, string> = {}, options: Parameters<typeof stationRig>[0] = {}) {
  const rig = stationRig({ ...options, ocpp });
  await rig.boot();
  const { exchange } = centralSystemLink(rig);
  const request = async (action: string, payload: unknown) => (await exchange(action, payload))?.[2] as any;
  const send = async (updateType: "Full" | "Differential", listVersion: number, list?: unknown[]) =>
    (await request("SendLocalList", { listVersion, updateType, ...(list ? { localAuthorizationList: list } : {}) })).status;
  const version = async () => (await request("GetLocalListVersion", {})).listVersion;
  return { rig, request, send, version };
}

describe("SendLocalList and GetLocalListVersion (SPEC-DIGEST §12)", () => {
  test("SupportedFeatureProfiles lists LocalAuthListManagement; the keys are there", async () => {
    const { rig } = await listRig();
    expect(rig.configuration.list("SupportedFeatureProfiles")).toContain("LocalAuthListManagement");
    expect(rig.configuration.integer("LocalAuthListMaxLength")).toBe(50_000);
    expect(rig.configuration.integer("SendLocalListMaxLength")).toBe(10_000);
  });

  test("while LocalAuthListEnabled is false: version -1 and SendLocalList NotSupported (TC_042_1, TC_043_1)", async () => {
    const { send, version } = await listRig({ LocalAuthListEnabled: "false" });
    expect(await version()).toBe(-1);
    expect(await send("Full", 1, [{ idTag: "A", idTagInfo: accepted }])).toBe("NotSupported");
  });

  test("an empty list reports version 0, also after a Full update that cleared it (TC_042_2)", async () => {
    const { send, version } = await listRig();
    expect(await version()).toBe(0);
    expect(await send("Full", 1)).toBe("Accepted");
    expect(await version()).toBe(0);
    expect(await send("Full", 0, [])).toBe("Accepted");
  });

  test("a Differential update must be newer (TC_043_2)", async () => {
    const { send, version } = await listRig();
    expect(await send("Full", 2, [{ idTag: "A", idTagInfo: accepted }])).toBe("Accepted");
    expect(await version()).toBe(2);
    expect(await send("Differential", 5, [{ idTag: "B", idTagInfo: accepted }])).toBe("Accepted");
    expect(await version()).toBe(5);
    expect(await send("Differential", 4, [{ idTag: "C", idTagInfo: accepted }])).toBe("VersionMismatch");
    expect(await send("Differential", 5, [{ idTag: "C", idTagInfo: accepted }])).toBe("VersionMismatch");
    expect(await version()).toBe(5);
  });

  test("Full replaces, Differential adds, updates and (without idTagInfo) deletes (TC_043)", async () => {
    const { rig, send } = await listRig();
    const list = rig.built.services.get("LocalAuthListManagement") as { lookup(idTag: string): unknown; summary(): { size: number } };
    await send("Full", 1, [{ idTag: "A", idTagInfo: accepted }, { idTag: "B", idTagInfo: accepted }]);
    await send("Full", 2, [{ idTag: "C", idTagInfo: { status: "Blocked" } }]);
    expect(list.lookup("A")).toBeUndefined();
    expect(list.lookup("c")).toEqual({ status: "Blocked" });
    await send("Differential", 3, [{ idTag: "C", idTagInfo: { status: "Accepted", parentIdTag: "G", expiryDate: "2030-01-01T00:00:00.000Z" } }, { idTag: "D", idTagInfo: accepted }]);
    expect(list.lookup("C")).toEqual({ status: "Accepted", parentIdTag: "G", expiryDate: "2030-01-01T00:00:00.000Z" });
    await send("Differential", 4, [{ idTag: "D" }, { idTag: "NOT-THERE" }]);
    expect(list.lookup("D")).toBeUndefined();
    expect(list.summary().size).toBe(1);
  });

  test("Failed, and nothing changes: too many entries, a duplicate idTag, a Full entry without idTagInfo, a negative version, a list beyond its capacity, a full storage (TC_043_3)", async () => {
    const { rig, send, version } = await listRig({ SendLocalListMaxLength: "3", LocalAuthListMaxLength: "4" });
    await send("Full", 1, [{ idTag: "A", idTagInfo: accepted }, { idTag: "B", idTagInfo: accepted }]);
    const entry = (idTag: string) => ({ idTag, idTagInfo: accepted });
    expect(await send("Full", 2, [entry("1"), entry("2"), entry("3"), entry("4")])).toBe("Failed");
    expect(await send("Differential", 2, [entry("x"), entry("X")])).toBe("Failed");
    expect(await send("Full", 2, [{ idTag: "Q" }])).toBe("Failed");
    expect(await send("Full", -1, [])).toBe("Failed");
    expect(await send("Differential", 2, [entry("C"), entry("D"), entry("E")])).toBe("Failed");
    expect(await send("Differential", 2, [entry("A"), entry("C"), entry("D")])).toBe("Accepted");
    rig.storage.set(true);
    expect(await send("Differential", 3, [entry("E")])).toBe("Failed");
    expect(await version()).toBe(2);
  });

  test("the list and its version survive a restart (SQLite)", async () => {
    const database = memoryDatabase();
    const first = stationRig({ database });
    const list = first.built.services.get("LocalAuthListManagement") as { apply(req: unknown): string; version(): number };
    expect(list.apply({ listVersion: 7, updateType: "Full", localAuthorizationList: [{ idTag: "A", idTagInfo: accepted }] })).toBe("Accepted");
    const second = stationRig({ database });
    expect((second.built.services.get("LocalAuthListManagement") as { version(): number }).version()).toBe(7);
  });
});

describe("the list in the authorization order (§7.4)", () => {
  test("LocalPreAuthorize: a listed tag starts without an Authorize, with its parentIdTag (TC_008_1)", async () => {
    const { rig, send } = await listRig({ LocalPreAuthorize: "true" });
    await send("Full", 1, [{ idTag: "LISTED", idTagInfo: { status: "Accepted", parentIdTag: "FLEET" } }, { idTag: "MATE", idTagInfo: { status: "Accepted", parentIdTag: "FLEET" } }]);
    await rig.charge(1, "LISTED");
    expect(rig.sent()).toEqual(["StartTransaction"]);
    // The stop-by-parent rule uses the list's parentIdTag: another tag of the group stops it.
    rig.answers.Authorize = () => ({ kind: "ok", payload: { idTagInfo: { status: "Accepted", parentIdTag: "FLEET" } } });
    rig.hardware.swipe("MATE");
    await rig.settle();
    expect(rig.payloadsOf("StopTransaction")).toHaveLength(1);
  });

  test("offline with LocalAuthorizeOffline a listed tag starts; a Blocked or expired one never does, even with AllowOfflineTxForUnknownId", async () => {
    const { rig, send } = await listRig({ LocalAuthorizeOffline: "true", AllowOfflineTxForUnknownId: "true" });
    await send("Full", 1, [
      { idTag: "GOOD", idTagInfo: accepted },
      { idTag: "BLOCKED", idTagInfo: { status: "Blocked" } },
      { idTag: "OLD", idTagInfo: { status: "Accepted", expiryDate: "2025-01-01T00:00:00.000Z" } },
    ]);
    rig.csms.disconnect();
    await rig.charge(1, "BLOCKED");
    rig.hardware.swipe("OLD");
    await rig.settle();
    expect(rig.store.open()).toEqual([]);
    rig.hardware.swipe("GOOD");
    await rig.settle();
    expect(rig.store.open().map((tx) => tx.idTag)).toEqual(["GOOD"]);
  });

  test("online, a tag the list does not accept is asked of the Central System; list tags are never cached", async () => {
    const { rig, send } = await listRig({ AuthorizationCacheEnabled: "true" });
    await send("Full", 1, [{ idTag: "BLOCKED", idTagInfo: { status: "Blocked" } }]);
    rig.answers.Authorize = () => ({ kind: "ok", payload: { idTagInfo: accepted } });
    await rig.charge(1, "BLOCKED");
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
    await send("Full", 2, []);
    expect(rig.station.authorizer.knownIdTagInfo("BLOCKED")).toBeUndefined();
  });

  test("a disabled list is not asked", async () => {
    const { rig, send } = await listRig({ LocalPreAuthorize: "true" });
    await send("Full", 1, [{ idTag: "LISTED", idTagInfo: accepted }]);
    rig.configuration.change("LocalAuthListEnabled", "false");
    await rig.charge(1, "LISTED");
    expect(rig.sent()).toEqual(["Authorize", "StartTransaction"]);
  });
});
