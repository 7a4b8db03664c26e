import { describe, expect, test } from "bun:test";
import { cacheOn, MemoryLocalAuthList, setup } from "./authorizer-setup.ts";

describe("Authorizer.preview (diag rfid: how a card would be authorized now)", () => {
  test("online: a listed Accepted tag with LocalPreAuthorize starts from the list; otherwise the Central System decides", () => {
    const localList = new MemoryLocalAuthList({ LISTED: { status: "Accepted" }, BLOCKED: { status: "Blocked" } });
    const { authorizer, csms } = setup({ keys: { LocalPreAuthorize: "true" }, localList });
    expect(authorizer.preview("listed")).toMatchObject({ source: "localList", status: "Accepted", wouldStart: true });
    expect(authorizer.preview("BLOCKED")).toMatchObject({ source: "centralSystem", status: "Blocked", wouldStart: null });
    expect(authorizer.preview("BLOCKED").detail).toContain("the local list has it as Blocked");
    expect(authorizer.preview("NEW")).toMatchObject({ source: "centralSystem", status: null, wouldStart: null });
    expect(csms.calls).toEqual([]);
  });

  test("offline: the rule that decides, and its status", () => {
    const localList = new MemoryLocalAuthList({ LISTED: { status: "Accepted" }, OLD: { status: "Accepted", expiryDate: "2020-01-01T00:00:00.000Z" } });
    const { authorizer, memoryCache } = setup({ isOnline: false, keys: { ...cacheOn, AllowOfflineTxForUnknownId: "true" }, localList });
    memoryCache.put({ idTag: "CACHED", status: "Accepted", updatedAt: new Date() });
    expect(authorizer.preview("LISTED")).toMatchObject({ source: "localList", status: "Accepted", wouldStart: true });
    expect(authorizer.preview("CACHED")).toMatchObject({ source: "cache", status: "Accepted", wouldStart: true });
    expect(authorizer.preview("OLD")).toMatchObject({ source: "localList", status: "Expired", wouldStart: false });
    expect(authorizer.preview("NEW")).toMatchObject({ source: "offlineUnknownAllowed", status: "Accepted", wouldStart: true });
    expect(authorizer.preview("NEW").detail).toBe("offline: starts (unknown tag, AllowOfflineTxForUnknownId=true)");
  });
});
