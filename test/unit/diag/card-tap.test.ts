import { describe, expect, test } from "bun:test";
import { CardTap } from "../../../src/diag/card-tap.ts";
import { FakeClock } from "../../support/fake-clock.ts";
import { FakeStationHardware } from "../../support/fake-hardware.ts";

function rig() {
  const clock = new FakeClock();
  const hardware = new FakeStationHardware();
  const tap = new CardTap(clock);
  const guarded = tap.guard(hardware);
  const seenByStation: string[] = [];
  guarded.on("cardPresented", ({ idTag }) => seenByStation.push(idTag));
  return { clock, hardware, tap, guarded, seenByStation };
}

describe("diag rfid takes the card away from the charging sessions", () => {
  test("without a waiting check, every card reaches the station", () => {
    const { hardware, seenByStation } = rig();
    hardware.swipe("04A2B3C4");
    expect(seenByStation).toEqual(["04A2B3C4"]);
  });

  test("while a check waits, the next card goes to it only; the one after reaches the station again", async () => {
    const { hardware, tap, seenByStation } = rig();
    const waiting = tap.next(30_000);
    hardware.swipe("11223344");
    expect(await waiting).toEqual({ ok: true, idTag: "11223344" });
    hardware.swipe("04A2B3C4");
    expect(seenByStation).toEqual(["04A2B3C4"]);
  });

  test("no card within the timeout, and one check at a time", async () => {
    const { clock, tap } = rig();
    const waiting = tap.next(5_000);
    expect(await tap.next(5_000)).toEqual({ ok: false, reason: "busy" });
    clock.advance(5_000);
    expect(await waiting).toEqual({ ok: false, reason: "timeout" });
    expect(tap.isWaiting).toBe(false);
  });

  test("a cancelled check stops waiting at once, and the next card reaches the station", async () => {
    const { hardware, tap, seenByStation } = rig();
    const gone = new AbortController();
    const waiting = tap.next(30_000, gone.signal);
    gone.abort();
    expect(await waiting).toEqual({ ok: false, reason: "cancelled" });
    hardware.swipe("04A2B3C4");
    expect(seenByStation).toEqual(["04A2B3C4"]);
  });

  test("everything else passes through unchanged", () => {
    const { hardware, guarded } = rig();
    const faults: string[] = [];
    guarded.on("faultDetected", (fault) => faults.push(fault.errorCode));
    hardware.stationFault({ errorCode: "ReaderFailure", severity: "warning", source: "reader" });
    guarded.makeSafe();
    expect([faults, hardware.isSafe, guarded.connectors, guarded.faults]).toEqual([["ReaderFailure"], true, hardware.connectors, hardware.faults]);
  });
});
