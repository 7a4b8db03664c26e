import { expect, test } from "bun:test";
import { AuthCacheRepo } from "../../../src/store/auth-cache-repo.ts";
import { openStore, StoreError } from "../../../src/store/db.ts";
import { authCacheStoreContract } from "../../support/contracts/auth-cache-store.contract.ts";
import { tempDir } from "../../support/temp-dir.ts";

authCacheStoreContract("SQLite", (now) => {
  const dataDir = tempDir();
  const store = openStore(dataDir);
  return {
    store: new AuthCacheRepo(store.db, now),
    reopen: () => new AuthCacheRepo(openStore(dataDir).db, now),
  };
});

test("AuthCacheRepo reports a failed write as a StoreError with the SQLite error as cause", () => {
  const store = openStore(tempDir());
  const repo = new AuthCacheRepo(store.db, () => new Date());
  store.close();
  let thrown: unknown;
  try {
    repo.put({ idTag: "CARD", status: "Accepted", updatedAt: new Date() });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(StoreError);
  expect((thrown as StoreError).cause).toBeInstanceOf(Error);
});
