import { describe, expect, test } from "bun:test";
import type { SimAction, SimResult } from "../../../drivers/sim-action.ts";
import { openVirtualStation } from "../../support/virtual-station.ts";

const card = "04A2B3C4";

/** The station's hardware with its world; `events` lists the cards the station received and the sim answers, in order. */
async function swipeRig(options: { config?: Record<string, unknown> } = {}) {
  const rig = await openVirtualStation(options);
  const events: string[] = [];
  rig.station.on("cardPresented", ({ idTag }) => events.push(`card ${idTag}${rig.world.connector(1).snapshot.isPlugged ? " (EV plugged)" : ""}`));
  const results: SimResult[] = [];
  const apply = (action: SimAction) =>
    rig.world.apply(action).then((result) => {
      results.push(result);
      events.push(`${action.action} ${result.ok ? "done" : "failed"}`);
      return result;
    });
  return { ...rig, events, results, apply };
}

describe("sim swipe", () => {
  test("answers once the station's reader has read the card, not before", async () => {
    const { apply, clock, events } = await swipeRig();
    const swiped = apply({ action: "swipe", idTag: "04a2b3c4" });
    await clock.advanceAsync(5_000);
    expect(await swiped).toEqual({ ok: true, message: `card ${card} presented to the reader` });
    expect(events).toEqual([`card ${card}`, "swipe done"]);
  });

  test("is a presentation of its own when the card left the field less than two reader polls before", async () => {
    const { apply, clock, events } = await swipeRig();
    const first = apply({ action: "swipe", idTag: card });
    await clock.advanceAsync(300);
    await first;
    // The card is held 1.5 s; this swipe comes just after it was taken away, before the reader missed it twice.
    await clock.advanceAsync(1_300);
    const second = apply({ action: "swipe", idTag: card });
    await clock.advanceAsync(5_000);
    expect(await second).toMatchObject({ ok: true });
    expect(events).toEqual([`card ${card}`, "swipe done", `card ${card}`, "swipe done"]);
  });

  test("is a presentation of its own while the previous card is still held, and is read before a later unplug and plug", async () => {
    const { apply, clock, events } = await swipeRig();
    void apply({ action: "plug", connectorId: 1 });
    const first = apply({ action: "swipe", idTag: card });
    await clock.advanceAsync(300);
    await first;
    const actions = [apply({ action: "swipe", idTag: card }), apply({ action: "unplug", connectorId: 1 }), apply({ action: "plug", connectorId: 1 })];
    await clock.advanceAsync(5_000);
    await Promise.all(actions);
    expect(events).toEqual([
      "plug done",
      `card ${card} (EV plugged)`,
      "swipe done",
      `card ${card} (EV plugged)`,
      "swipe done",
      "unplug done",
      "plug done",
    ]);
  });

  test("takes actions given at once in the order given, each swipe read on its own", async () => {
    const { apply, clock, events } = await swipeRig();
    const actions = [apply({ action: "swipe", idTag: card }), apply({ action: "swipe", idTag: "0A0B0C0D" }), apply({ action: "swipe", idTag: card })];
    await clock.advanceAsync(10_000);
    await Promise.all(actions);
    expect(events).toEqual([`card ${card}`, "swipe done", "card 0A0B0C0D", "swipe done", `card ${card}`, "swipe done"]);
  });

  test("reads back-to-back swipes of the same card through a UART reader too", async () => {
    const { apply, clock, events } = await swipeRig({ config: { reader: { type: "uart" } } });
    const actions = [apply({ action: "swipe", idTag: "0102030405" }), apply({ action: "swipe", idTag: "0102030405" })];
    await clock.advanceAsync(10_000);
    await Promise.all(actions);
    expect(events).toEqual(["card 0102030405", "swipe done", "card 0102030405", "swipe done"]);
  });

  test("fails with a reason when the reader does not read the card, and takes the card away so it is never read late", async () => {
    const { apply, clock, events, results, world } = await swipeRig();
    await clock.advanceAsync(1_000);
    world.pn532!.garbleNextAnswers(40);
    const swiped = apply({ action: "swipe", idTag: card });
    await clock.advanceAsync(30_000);
    expect(await swiped).toEqual({ ok: false, reason: `the card reader did not read card ${card} within 5 s (see csc22b7 diag hw); the card was taken away` });
    expect(events).toEqual(["swipe failed"]);
    expect(results).toHaveLength(1);
  });

  test("fails a waiting swipe and the actions queued behind it when the world closes", async () => {
    const { apply, world, events } = await swipeRig();
    const actions = [apply({ action: "swipe", idTag: card }), apply({ action: "plug", connectorId: 1 })];
    world.close();
    expect(await Promise.all(actions)).toEqual([
      { ok: false, reason: "the station is stopping" },
      { ok: false, reason: "the station is stopping" },
    ]);
    expect(events).toEqual(["swipe failed", "plug failed"]);
  });
});
