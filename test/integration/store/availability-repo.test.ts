import { describe, expect, test } from "bun:test";
import { AvailabilityRepo } from "../../../src/store/availability-repo.ts";
import { openStore, StoreError } from "../../../src/store/db.ts";
import { availabilityStoreContract } from "../../support/contracts/availability-store.contract.ts";
import { tempDir } from "../../support/temp-dir.ts";

availabilityStoreContract("SQLite", () => {
  const dataDir = tempDir();
  const store = openStore(dataDir);
  return {
    store: new AvailabilityRepo(store.db),
    reopen: () => new AvailabilityRepo(openStore(dataDir).db),
  };
});

describe("AvailabilityRepo", () => {
  test("a value this firmware never writes is a StoreError naming the connector", () => {
    const store = openStore(tempDir());
    store.sqlite.run("INSERT INTO connector_state (connector_id, availability) VALUES (2, 'Broken')");
    expect(() => new AvailabilityRepo(store.db).load()).toThrow(`database ${store.file}: connector 2 has an unknown availability`);
  });

  test("a failed write is a StoreError that names the file and keeps the cause", () => {
    const store = openStore(tempDir());
    const repo = new AvailabilityRepo(store.db);
    store.close();
    let error: unknown;
    try {
      repo.save(1, "Inoperative", undefined);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).message).toStartWith(`database ${store.file}: saving availability of connector 1 failed: `);
    expect((error as StoreError).cause).toBeDefined();
  });
});
