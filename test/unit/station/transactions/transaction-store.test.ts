import { transactionStoreContract } from "../../../support/contracts/transaction-store.contract.ts";
import { MemoryTransactionStore } from "../../../support/memory-transaction-store.ts";

transactionStoreContract("in memory", () => {
  const store = new MemoryTransactionStore();
  return { outbox: store, transactions: store, reopen: () => ({ outbox: store, transactions: store }) };
});
