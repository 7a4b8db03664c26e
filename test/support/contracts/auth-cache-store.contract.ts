import { describe, expect, test } from "bun:test";
import type { AuthCacheStore, CachedIdTag } from "../../../src/station/ports.ts";
import { FakeClock } from "../fake-clock.ts";

type Opened = { store: AuthCacheStore; reopen(): AuthCacheStore };

/** What every AuthCacheStore must do; `open` gets the clock that decides expiry when trimming. */
export function authCacheStoreContract(name: string, open: (now: () => Date) => Opened) {
  describe(`AuthCacheStore contract: ${name}`, () => {
    const setup = () => {
      const clock = new FakeClock("2025-03-01T12:00:00Z");
      return { clock, ...open(() => clock.now()) };
    };
    const entry = (idTag: string, fields: Partial<CachedIdTag> & { updatedAt: Date }): CachedIdTag => ({ idTag, status: "Accepted", ...fields });
    const present = (store: AuthCacheStore, idTags: string[]) => idTags.filter((idTag) => store.get(idTag) !== undefined);

    test("knows nothing of a tag it was never given", () => {
      expect(setup().store.get("NEVERSEEN")).toBeUndefined();
    });

    test("returns what was put, with expiryDate and parentIdTag, under the upper-cased idTag", () => {
      const { store, clock } = setup();
      const saved = entry("Card-1", { status: "Blocked", expiryDate: new Date("2025-04-01T00:00:00Z"), parentIdTag: "Fleet", updatedAt: clock.now() });
      store.put(saved);
      expect(store.get("Card-1")).toEqual({ ...saved, idTag: "CARD-1" });
    });

    test("leaves out expiryDate and parentIdTag when the entry had none", () => {
      const { store, clock } = setup();
      store.put(entry("CARD-2", { updatedAt: clock.now() }));
      const found = store.get("CARD-2");
      expect(found).toEqual({ idTag: "CARD-2", status: "Accepted", updatedAt: clock.now() });
      expect(found && "expiryDate" in found).toBe(false);
      expect(found && "parentIdTag" in found).toBe(false);
    });

    test("a later put overwrites the entry, whatever the case of the idTag", () => {
      const { store, clock } = setup();
      store.put(entry("abc", { parentIdTag: "G1", updatedAt: clock.now() }));
      clock.advance(1_000);
      store.put(entry("ABC", { status: "Invalid", updatedAt: clock.now() }));
      expect(store.get("aBc")).toEqual({ idTag: "ABC", status: "Invalid", updatedAt: clock.now() });
      store.trim(1);
      expect(store.get("abc")).toBeDefined();
    });

    test("trim keeps everything when there is room", () => {
      const { store, clock } = setup();
      store.put(entry("A", { status: "Blocked", updatedAt: clock.now() }));
      store.put(entry("B", { updatedAt: clock.now() }));
      store.trim(2);
      expect(present(store, ["A", "B"])).toEqual(["A", "B"]);
    });

    test("trim drops not-valid entries first, even newer ones, then the oldest valid ones", () => {
      const { store, clock } = setup();
      store.put(entry("OLDVALID", { updatedAt: clock.now() }));
      clock.advance(1_000);
      store.put(entry("MIDVALID", { status: "ConcurrentTx", updatedAt: clock.now() }));
      clock.advance(1_000);
      for (const status of ["Blocked", "Expired", "Invalid"] as const) store.put(entry(`NEW${status}`, { status, updatedAt: clock.now() }));
      store.put(entry("NEWVALID", { updatedAt: clock.now() }));
      store.trim(3);
      expect(present(store, ["OLDVALID", "MIDVALID", "NEWBLOCKED", "NEWEXPIRED", "NEWINVALID", "NEWVALID"])).toEqual(["OLDVALID", "MIDVALID", "NEWVALID"]);
      store.trim(1);
      expect(present(store, ["OLDVALID", "MIDVALID", "NEWVALID"])).toEqual(["NEWVALID"]);
    });

    test("trim counts an Accepted entry whose expiryDate has passed as not valid", () => {
      const { store, clock } = setup();
      store.put(entry("LONGLIVED", { updatedAt: clock.now() }));
      clock.advance(1_000);
      store.put(entry("SHORTLIVED", { expiryDate: new Date(clock.now().getTime() + 60_000), updatedAt: clock.now() }));
      clock.advance(60_000);
      store.trim(1);
      expect(present(store, ["LONGLIVED", "SHORTLIVED"])).toEqual(["LONGLIVED"]);
    });

    test("clear removes every entry", () => {
      const { store, clock } = setup();
      store.put(entry("A", { updatedAt: clock.now() }));
      store.put(entry("B", { status: "Blocked", updatedAt: clock.now() }));
      store.clear();
      expect(present(store, ["A", "B"])).toEqual([]);
    });

    test("entries survive reopening", () => {
      const { store, reopen, clock } = setup();
      const saved = entry("KEPT", { expiryDate: new Date("2025-05-01T00:00:00Z"), parentIdTag: "G", updatedAt: clock.now() });
      store.put(saved);
      expect(reopen().get("kept")).toEqual(saved);
    });
  });
}
