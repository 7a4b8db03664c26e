import { describe, expect, test } from "bun:test";
import type { SelfTestItem } from "../../../drivers/self-test.ts";
import type { FakeClock } from "../../support/fake-clock.ts";
import { openVirtualStation } from "../../support/virtual-station.ts";

const light = { lightIntensityPct: 100, blinkRepeat: 3 };
const ledPins = { red: 2, green: 3, blue: 4 };

/** Runs a self-test to its end on the fake clock. */
async function finish(clock: FakeClock, running: Promise<SelfTestItem[]>): Promise<SelfTestItem[]> {
  let items: SelfTestItem[] | undefined;
  void running.then((result) => (items = result));
  for (let i = 0; i < 500 && items === undefined; i++) await clock.advanceAsync(10);
  if (!items) throw new Error("the self-test did not end");
  return items;
}

const summary = (items: SelfTestItem[]) => items.map((item) => `${item.item}:${item.result}`);

describe("connector self-test", () => {
  test("cycles the LED, reads pilot and meter, and switches the contactor with its feedback checked", async () => {
    const { clock, one, io, settle } = await openVirtualStation();
    settle();
    one.showStatus("Available", light);
    const relayWrites: number[] = [];
    io.onOutput((pin, value) => pin === 22 && relayWrites.push(value));
    const items = await finish(clock, one.selfTest());
    expect(summary(items)).toEqual(["led:pass", "pilot:pass", "contactor:pass", "meter:pass", "faults:pass"]);
    expect(items.find((item) => item.item === "pilot")?.detail).toBe("state A (12.0 V), no EV");
    expect(relayWrites).toEqual([1, 0]);
    expect(one.isContactorClosed).toBe(false);
    expect([io.outputOf(ledPins.red), io.outputOf(ledPins.green), io.outputOf(ledPins.blue)]).toEqual([0, 255, 0]);
  });

  test("a contactor that does not close fails, and stays faulted as the driver decides", async () => {
    const { clock, one, world, settle } = await openVirtualStation();
    settle();
    world.setContactorDefect(1, "stuckOpen");
    const items = await finish(clock, one.selfTest());
    expect(items.find((item) => item.item === "contactor")).toMatchObject({ result: "fail", detail: expect.stringContaining("does not close") });
    expect(one.faults.map((fault) => fault.errorCode)).toEqual(["PowerSwitchFailure"]);
    expect(items.at(-1)).toMatchObject({ item: "faults", result: "fail", detail: "PowerSwitchFailure (contactor does not close)" });
  });

  test("a welded contactor fails without being switched", async () => {
    const { clock, one, world, settle } = await openVirtualStation();
    settle();
    world.setContactorDefect(1, "welded");
    clock.advance(300);
    const items = await finish(clock, one.selfTest());
    expect(items.find((item) => item.item === "contactor")).toMatchObject({ result: "fail", detail: "the contactor is faulted (welded)" });
  });

  test("with an EV connected the contactor is not switched", async () => {
    const { clock, one, world, settle, io } = await openVirtualStation();
    world.apply({ action: "plug", connectorId: 1 });
    settle();
    const relayWrites: number[] = [];
    io.onOutput((pin, value) => pin === 22 && relayWrites.push(value));
    const items = await finish(clock, one.selfTest());
    expect(items.find((item) => item.item === "contactor")).toMatchObject({ result: "skipped", detail: expect.stringContaining("pilot B") });
    expect(relayWrites).toEqual([]);
  });

  test("a status change during the LED cycle ends it and the status shows at once", async () => {
    const { clock, one, io, settle } = await openVirtualStation();
    settle();
    one.showStatus("Available", light);
    const running = one.selfTest();
    await clock.advanceAsync(100);
    one.showStatus("Faulted", light);
    expect([io.outputOf(ledPins.red), io.outputOf(ledPins.green), io.outputOf(ledPins.blue)]).toEqual([255, 0, 0]);
    expect(summary(await finish(clock, running))).toContain("led:pass");
  });
});

describe("station self-test", () => {
  test("checks the board, the reader and the emergency stop", async () => {
    const { clock, station, world } = await openVirtualStation({ config: { emergencyStopPin: 30 } });
    world.setEmergencyStop(true);
    clock.advance(200);
    const items = await station.selfTest(0);
    expect(items.map((item) => `${item.item}:${item.result}`)).toEqual(["board:pass", "reader:pass", "emergency stop:fail"]);
  });

  test("without a reader, the reader check is skipped", async () => {
    const { station } = await openVirtualStation({ config: { reader: { type: "none" } } });
    expect((await station.selfTest(0)).find((item) => item.item === "reader")?.result).toBe("skipped");
  });
});
