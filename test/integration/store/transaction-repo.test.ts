import { openStore } from "../../../src/store/db.ts";
import { OutboxRepo } from "../../../src/store/outbox-repo.ts";
import { TransactionRepo } from "../../../src/store/transaction-repo.ts";
import { transactionStoreContract } from "../../support/contracts/transaction-store.contract.ts";
import { tempDir } from "../../support/temp-dir.ts";

transactionStoreContract("SQLite", () => {
  const dataDir = tempDir();
  const stores = () => {
    const { db } = openStore(dataDir);
    return { outbox: new OutboxRepo(db, () => new Date()), transactions: new TransactionRepo(db) };
  };
  return { ...stores(), reopen: stores };
});
