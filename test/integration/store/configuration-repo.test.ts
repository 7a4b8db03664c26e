import { ConfigurationRepo } from "../../../src/store/configuration-repo.ts";
import { openStore } from "../../../src/store/db.ts";
import { configurationStoreContract } from "../../support/contracts/configuration-store.contract.ts";
import { tempDir } from "../../support/temp-dir.ts";

configurationStoreContract("SQLite", () => {
  const dataDir = tempDir();
  const now = () => new Date();
  const store = openStore(dataDir);
  return {
    store: new ConfigurationRepo(store.db, now),
    reopen: () => new ConfigurationRepo(openStore(dataDir).db, now),
  };
});
