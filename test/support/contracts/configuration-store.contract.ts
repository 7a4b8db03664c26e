import { describe, expect, test } from "bun:test";
import type { ConfigurationStore } from "../../../src/station/ports.ts";

/** What every ConfigurationStore must do; `open` returns a store and a way to reopen the same data. */
export function configurationStoreContract(name: string, open: () => { store: ConfigurationStore; reopen(): ConfigurationStore }) {
  describe(`ConfigurationStore contract: ${name}`, () => {
    test("starts empty", () => {
      expect(open().store.loadAll()).toEqual(new Map());
    });

    test("keeps the last value saved for each key, also after reopening", () => {
      const { store, reopen } = open();
      store.save("HeartbeatInterval", "60");
      store.save("HeartbeatInterval", "120");
      store.save("LocalPreAuthorize", "true");
      const expected = new Map([["HeartbeatInterval", "120"], ["LocalPreAuthorize", "true"]]);
      expect(store.loadAll()).toEqual(expected);
      expect(reopen().loadAll()).toEqual(expected);
    });
  });
}
