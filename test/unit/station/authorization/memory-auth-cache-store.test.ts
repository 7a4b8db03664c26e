import { authCacheStoreContract } from "../../../support/contracts/auth-cache-store.contract.ts";
import { MemoryAuthCacheStore } from "../../../support/memory-auth-cache-store.ts";

authCacheStoreContract("in memory", (now) => {
  const store = new MemoryAuthCacheStore(now);
  return { store, reopen: () => store };
});
