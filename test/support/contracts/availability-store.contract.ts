import { describe, expect, test } from "bun:test";
import type { Availability, AvailabilityStore } from "../../../src/station/ports.ts";

/** What every AvailabilityStore must do; `open` returns a store and a way to reopen the same data. */
export function availabilityStoreContract(name: string, open: () => { store: AvailabilityStore; reopen(): AvailabilityStore }) {
  describe(`AvailabilityStore contract: ${name}`, () => {
    test("starts empty", () => {
      expect(open().store.load()).toEqual(new Map());
    });

    test("keeps the last availability saved for each connector, also after reopening", () => {
      const { store, reopen } = open();
      store.save(1, "Inoperative", undefined);
      store.save(1, "Operative", undefined);
      store.save(0, "Inoperative", undefined);
      store.save(2, "Inoperative", undefined);
      const expected = new Map<number, { availability: Availability }>([
        [1, { availability: "Operative" }],
        [0, { availability: "Inoperative" }],
        [2, { availability: "Inoperative" }],
      ]);
      expect(store.load()).toEqual(expected);
      expect(reopen().load()).toEqual(expected);
    });

    test("keeps a scheduled change beside the availability in force until it is saved without one", () => {
      const { store, reopen } = open();
      store.save(2, "Operative", "Inoperative");
      expect(reopen().load()).toEqual(new Map([[2, { availability: "Operative", scheduled: "Inoperative" }]]));
      store.save(2, "Inoperative", undefined);
      expect(reopen().load()).toEqual(new Map([[2, { availability: "Inoperative" }]]));
    });
  });
}
