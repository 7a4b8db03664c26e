import { KeyTable } from "../../../../src/station/configuration/key-definition.ts";
import { describe, expect, test } from "bun:test";
import type { AuthCacheStore } from "../../../../src/station/ports.ts";
import { cacheOn, inMinutes, MemoryLocalAuthList, setup } from "./authorizer-setup.ts";

const accepted = { status: "Accepted" } as const;

describe("Authorizer cache (§7.2)", () => {
  test("learns the idTagInfo of every Authorize.conf", async () => {
    const { authorizer, cache, clock } = setup({ keys: cacheOn, answers: { CARD1: { status: "Blocked", parentIdTag: "G" } } });
    await authorizer.authorize("card1");
    expect(cache.get("CARD1")).toEqual({ idTag: "CARD1", status: "Blocked", parentIdTag: "G", updatedAt: clock.now() });
  });

  test("an IdTagInfo from StartTransaction.conf or StopTransaction.conf overwrites the cached one", async () => {
    const { authorizer, cache, clock } = setup({ keys: cacheOn });
    authorizer.learn("CARD1", accepted);
    clock.advance(1_000);
    authorizer.learn("card1", { status: "ConcurrentTx", expiryDate: "2025-07-01T00:00:00.000Z" });
    expect(cache.get("CARD1")).toEqual({ idTag: "CARD1", status: "ConcurrentTx", expiryDate: new Date("2025-07-01T00:00:00Z"), updatedAt: clock.now() });
  });

  test("a cached Accepted tag counts as Expired once its expiryDate has passed", async () => {
    const { authorizer, clock } = setup({ isOnline: false, keys: { ...cacheOn, AllowOfflineTxForUnknownId: "true" } });
    const expiryDate = inMinutes(clock, 60);
    authorizer.learn("CARD1", { status: "Accepted", expiryDate });
    clock.advance(59 * 60_000);
    expect(await authorizer.authorize("CARD1")).toMatchObject({ isAccepted: true, source: "cache" });
    clock.advance(60_000);
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: false, idTagInfo: { status: "Expired", expiryDate }, source: "cache" });
  });

  test("with AuthorizationCacheEnabled=false the cache is neither filled nor consulted", async () => {
    const { authorizer, csms, memoryCache } = setup({ keys: { AuthorizationCacheEnabled: "false" } });
    memoryCache.put({ idTag: "CARD1", status: "Accepted", updatedAt: new Date() });
    await authorizer.authorize("CARD2");
    authorizer.learn("CARD3", accepted);
    expect(memoryCache.size).toBe(1);
    csms.disconnect();
    expect(await authorizer.authorize("CARD1")).toMatchObject({ isAccepted: false, source: "offlineRejected" });
  });

  test("switching AuthorizationCacheEnabled on at run time takes effect at once", async () => {
    const { authorizer, configuration, cache } = setup();
    authorizer.learn("CARD1", accepted);
    expect(cache.get("CARD1")).toBeUndefined();
    expect(configuration.change("AuthorizationCacheEnabled", "true")).toBe("Accepted");
    authorizer.learn("CARD1", accepted);
    expect(cache.get("CARD1")).toMatchObject({ status: "Accepted" });
  });

  test("a tag of the enabled Local Authorization List never enters the cache", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: accepted });
    const { authorizer, cache } = setup({ keys: cacheOn, localList, answers: { CARD1: { status: "Blocked" } } });
    await authorizer.authorize("card1");
    authorizer.learn("CARD1", { status: "Blocked" });
    expect(cache.get("CARD1")).toBeUndefined();
  });

  test("the Local Authorization List wins over the cache for the same tag", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: { status: "Blocked" } });
    const { authorizer, memoryCache } = setup({ isOnline: false, keys: cacheOn, localList });
    memoryCache.put({ idTag: "CARD1", status: "Accepted", updatedAt: new Date() });
    expect(await authorizer.authorize("card1")).toEqual({ isAccepted: false, idTagInfo: { status: "Blocked" }, source: "localList" });
  });

  test("a disabled Local Authorization List is not consulted and does not keep its tags out of the cache", async () => {
    const localList = new MemoryLocalAuthList({ CARD1: { status: "Blocked" } });
    localList.isEnabled = false;
    const { authorizer } = setup({ isOnline: false, keys: cacheOn, localList });
    authorizer.learn("CARD1", accepted);
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "cache" });
  });

  test("beyond maxCacheEntries the not-valid entries go first, then the oldest valid ones", () => {
    const { authorizer, cache, clock } = setup({ keys: cacheOn, maxCacheEntries: 2 });
    for (const [idTag, status] of [["OLD", "Accepted"], ["BAD", "Blocked"], ["NEW", "Accepted"]] as const) {
      authorizer.learn(idTag, { status });
      clock.advance(1_000);
    }
    expect(["OLD", "BAD", "NEW"].filter((idTag) => cache.get(idTag))).toEqual(["OLD", "NEW"]);
    authorizer.learn("NEWEST", accepted);
    expect(["OLD", "NEW", "NEWEST"].filter((idTag) => cache.get(idTag))).toEqual(["NEW", "NEWEST"]);
  });

  test("the cache holds 1000 entries unless told otherwise", () => {
    const { authorizer, memoryCache, clock } = setup({ keys: cacheOn });
    for (let i = 0; i <= 1000; i++) {
      authorizer.learn(`TAG${i}`, accepted);
      clock.advance(1);
    }
    expect(memoryCache.size).toBe(1000);
    expect(memoryCache.get("TAG0")).toBeUndefined();
    expect(memoryCache.get("TAG1000")).toBeDefined();
  });

  test("a failing cache write is logged and the Central System's answer still decides", async () => {
    const broken: AuthCacheStore = { ...failingCache(), get: () => undefined };
    const { authorizer, log } = setup({ keys: cacheOn, cache: broken, answers: { CARD1: accepted } });
    expect(await authorizer.authorize("CARD1")).toEqual({ isAccepted: true, idTagInfo: accepted, source: "centralSystem" });
    expect(log.lines.map((line) => [line.level, line.message])).toEqual([["error", "authorization cache update failed"]]);
  });

  test("an unreadable cache is logged and treated as a miss", async () => {
    const { authorizer, log } = setup({ isOnline: false, keys: { ...cacheOn, AllowOfflineTxForUnknownId: "true" }, cache: failingCache() });
    expect(await authorizer.authorize("CARD1")).toMatchObject({ isAccepted: true, source: "offlineUnknownAllowed" });
    expect(log.lines.map((line) => [line.level, line.message])).toEqual([["error", "authorization cache read failed"]]);
  });
});

describe("Authorizer ClearCache (§10.7, E3.23)", () => {
  test("empties the cache and answers Accepted", async () => {
    const { authorizer, cache } = setup({ keys: cacheOn });
    authorizer.learn("CARD1", accepted);
    expect(authorizer.clearCache()).toBe("Accepted");
    expect(cache.get("CARD1")).toBeUndefined();
  });

  test("answers Accepted when the cache is switched off, since the cache still exists", () => {
    const { authorizer, memoryCache } = setup();
    memoryCache.put({ idTag: "CARD1", status: "Accepted", updatedAt: new Date() });
    expect(authorizer.clearCache()).toBe("Accepted");
    expect(memoryCache.size).toBe(0);
  });

  test("answers Rejected when the firmware has no AuthorizationCacheEnabled key, i.e. no cache", () => {
    const { authorizer, memoryCache } = setup({ keyTable: new KeyTable([]) });
    memoryCache.put({ idTag: "CARD1", status: "Accepted", updatedAt: new Date() });
    expect(authorizer.clearCache()).toBe("Rejected");
    expect(memoryCache.size).toBe(1);
  });

  test("answers Rejected and logs when the store cannot clear", () => {
    const { authorizer, log } = setup({ cache: failingCache() });
    expect(authorizer.clearCache()).toBe("Rejected");
    expect(log.lines.map((line) => line.level)).toEqual(["error"]);
  });
});

function failingCache(): AuthCacheStore {
  const fail = () => {
    throw new Error("disk I/O error");
  };
  return { get: fail, put: fail, trim: fail, clear: fail };
}
