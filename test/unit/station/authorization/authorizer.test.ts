import { describe, expect, test } from "bun:test";
import { cacheOn, failCalls, inMinutes, MemoryLocalAuthList, setup } from "./authorizer-setup.ts";

const accepted = { status: "Accepted" } as const;

describe("Authorizer online (§7.4)", () => {
  test("asks the Central System with Authorize.req and accepts the tag it accepts", async () => {
    const { authorizer, csms } = setup({ answers: { CARD1: { status: "Accepted", parentIdTag: "FLEET" } } });
    expect(await authorizer.authorize("card1")).toEqual({ isAccepted: true, idTagInfo: { status: "Accepted", parentIdTag: "FLEET" }, source: "centralSystem" });
    expect(csms.calls.map(({ action, payload }) => ({ action, payload }))).toEqual([{ action: "Authorize", payload: { idTag: "card1" } }]);
  });

  test("refuses a tag the Central System answers Blocked", async () => {
    const { authorizer } = setup({ answers: { CARD1: { status: "Blocked" } } });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: false, idTagInfo: { status: "Blocked" }, source: "centralSystem" });
  });

  test("with LocalPreAuthorize a tag the cache holds as Accepted starts without Authorize.req", async () => {
    const { authorizer, csms } = setup({ keys: { ...cacheOn, LocalPreAuthorize: "true" } });
    authorizer.learn("CARD1", accepted);
    expect(await authorizer.authorize("Card1")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "cache" });
    expect(csms.actions).toEqual([]);
  });

  test("with LocalPreAuthorize a tag of the Local Authorization List starts without Authorize.req", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: { status: "Accepted", parentIdTag: "G" } });
    const { authorizer, csms } = setup({ keys: { LocalPreAuthorize: "true" }, localList });
    expect(await authorizer.authorize("card1")).toEqual({ isAccepted: true, idTagInfo: { status: "Accepted", parentIdTag: "G" }, source: "localList" });
    expect(csms.actions).toEqual([]);
  });

  test("without LocalPreAuthorize a cached Accepted tag is still checked with the Central System", async () => {
    const { authorizer, csms } = setup({ keys: cacheOn, answers: { CARD1: { status: "Blocked" } } });
    authorizer.learn("CARD1", accepted);
    expect(await authorizer.authorize("CARD1")).toMatchObject({ isAccepted: false, source: "centralSystem" });
    expect(csms.actions).toEqual(["Authorize"]);
  });

  test("a cached not-valid tag is checked with the Central System, which may accept it now", async () => {
    const { authorizer, csms } = setup({ keys: { ...cacheOn, LocalPreAuthorize: "true" }, answers: { CARD1: accepted } });
    authorizer.learn("CARD1", { status: "Blocked" });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "centralSystem" });
    expect(csms.actions).toEqual(["Authorize"]);
  });

  test("LocalPreAuthorize does not apply to a cached tag whose expiryDate has passed", async () => {
    const { authorizer, clock, csms } = setup({ keys: { ...cacheOn, LocalPreAuthorize: "true" }, answers: { CARD1: { status: "Expired" } } });
    authorizer.learn("CARD1", { status: "Accepted", expiryDate: inMinutes(clock, 5) });
    clock.advance(5 * 60_000);
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: false, idTagInfo: { status: "Expired" }, source: "centralSystem" });
    expect(csms.actions).toEqual(["Authorize"]);
  });

  test("a CALLERROR to Authorize.req is decided like offline and logged", async () => {
    const { authorizer, csms, log } = setup({ keys: cacheOn });
    authorizer.learn("CARD1", accepted);
    failCalls(csms, { kind: "callError", code: "InternalError", description: "db down" });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "cache" });
    expect(await authorizer.authorize("STRANGER")).toEqual({ isAccepted: false, idTagInfo: { status: "Invalid" }, source: "offlineRejected" });
    expect(log.lines.filter((line) => line.level === "warn").map((line) => line.fields?.code)).toEqual(["InternalError", "InternalError"]);
  });

  test("a timed-out Authorize.req is decided like offline", async () => {
    const { authorizer, csms } = setup({ keys: { AllowOfflineTxForUnknownId: "true" } });
    failCalls(csms, { kind: "timeout" });
    expect(await authorizer.authorize("STRANGER")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "offlineUnknownAllowed" });
    expect(csms.actions).toEqual(["Authorize"]);
  });
});

describe("Authorizer offline (§7.4, C§3.5.4)", () => {
  test("with LocalAuthorizeOffline an Accepted tag of the Local Authorization List starts", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: accepted });
    const { authorizer, csms } = setup({ isOnline: false, localList });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "localList" });
    expect(csms.calls).toEqual([]);
  });

  test("with LocalAuthorizeOffline a tag the cache holds as Accepted starts", async () => {
    const { authorizer } = setup({ isOnline: false, keys: cacheOn });
    authorizer.learn("card1", { status: "Accepted", parentIdTag: "G" });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: true, idTagInfo: { status: "Accepted", parentIdTag: "G" }, source: "cache" });
  });

  test("with LocalAuthorizeOffline=false a known Accepted tag is refused, even when unknown tags are allowed", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: accepted });
    const { authorizer } = setup({ isOnline: false, localList, keys: { LocalAuthorizeOffline: "false", AllowOfflineTxForUnknownId: "true" } });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: false, idTagInfo: accepted, source: "offlineRejected" });
  });

  test("a local list tag that is not Accepted is refused, even when unknown tags are allowed", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: { status: "Blocked" }, CARD2: { status: "ConcurrentTx" } });
    const { authorizer } = setup({ isOnline: false, localList, keys: { AllowOfflineTxForUnknownId: "true" } });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: false, idTagInfo: { status: "Blocked" }, source: "localList" });
    expect(await authorizer.authorize("CARD2")).toMatchObject({ isAccepted: false, source: "localList" });
  });

  test("a local list tag whose expiryDate has passed is refused as Expired, even when unknown tags are allowed", async () => {
    const expiryDate = "2025-06-01T07:59:00Z"; // a minute before setup()'s clock
    const localList = new MemoryLocalAuthList({ CARD1: { status: "Accepted", expiryDate } });
    const { authorizer } = setup({ isOnline: false, localList, keys: { AllowOfflineTxForUnknownId: "true" } });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: false, idTagInfo: { status: "Expired", expiryDate }, source: "localList" });
  });

  test("an unknown tag starts when AllowOfflineTxForUnknownId is true", async () => {
    const { authorizer } = setup({ isOnline: false, keys: { AllowOfflineTxForUnknownId: "true" } });
    expect(await authorizer.authorize("STRANGER")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "offlineUnknownAllowed" });
  });

  test("an unknown tag is refused with the factory settings", async () => {
    const { authorizer, csms } = setup({ isOnline: false });
    expect(await authorizer.authorize("STRANGER")).toEqual({ isAccepted: false, idTagInfo: { status: "Invalid" }, source: "offlineRejected" });
    expect(csms.calls).toEqual([]);
  });
});

describe("Authorizer for RemoteStartTransaction (§10.1)", () => {
  test("with AuthorizeRemoteTxRequests=true a remote start is authorized like a presented tag", async () => {
    const { authorizer, csms } = setup({ answers: { CARD1: { status: "Invalid" } } });
    expect(await authorizer.authorize("CARD1", { purpose: "remoteStart" })).toMatchObject({ isAccepted: false, source: "centralSystem" });
    expect(csms.actions).toEqual(["Authorize"]);
  });

  test("with AuthorizeRemoteTxRequests=false a remote start is accepted without asking anyone", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: { status: "Blocked" } });
    const { authorizer, csms } = setup({ localList, keys: { AuthorizeRemoteTxRequests: "false" } });
    expect(await authorizer.authorize("CARD1", { purpose: "remoteStart" })).toEqual({ isAccepted: true, idTagInfo: accepted, source: "remoteStartUnchecked" });
    expect(await authorizer.authorize("CARD1")).toMatchObject({ isAccepted: false });
    expect(csms.actions).toEqual(["Authorize"]);
  });
});

describe("Authorizer stopping a transaction (C§4.1, C§3.10)", () => {
  test("the tag that started the transaction stops it, in any letter case, without Authorize.req", async () => {
    const { authorizer, csms } = setup({ answers: { CARD1: { status: "Blocked" } } });
    expect(await authorizer.mayStop("Card1", "FLEET", "CARD1")).toEqual({ isAllowed: true, reason: "sameIdTag" });
    expect(csms.actions).toEqual([]);
  });

  test("another tag stops it when it is authorized and has the same parentIdTag", async () => {
    const { authorizer, csms } = setup({ answers: { CARD2: { status: "Accepted", parentIdTag: "fleet" } } });
    expect(await authorizer.mayStop("CARD1", "FLEET", "CARD2")).toMatchObject({ isAllowed: true, reason: "sameGroup" });
    expect(csms.calls.map((call) => call.payload)).toEqual([{ idTag: "CARD2" }]);
  });

  test("a tag of another group, or of no group, may not stop it", async () => {
    const { authorizer } = setup({ answers: { CARD2: { status: "Accepted", parentIdTag: "OTHER" }, CARD3: accepted } });
    expect(await authorizer.mayStop("CARD1", "FLEET", "CARD2")).toMatchObject({ isAllowed: false, reason: "otherGroup" });
    expect(await authorizer.mayStop("CARD1", "FLEET", "CARD3")).toMatchObject({ isAllowed: false, reason: "otherGroup" });
    expect(await authorizer.mayStop("CARD1", undefined, "CARD3")).toMatchObject({ isAllowed: false, reason: "otherGroup" });
  });

  test("a tag of the same group that is not accepted may not stop it", async () => {
    const { authorizer } = setup({ answers: { CARD2: { status: "Blocked", parentIdTag: "FLEET" } } });
    expect(await authorizer.mayStop("CARD1", "FLEET", "CARD2")).toMatchObject({ isAllowed: false, reason: "notAccepted" });
  });
});
