import { describe, expect, test } from "bun:test";
import { Pn532Reader } from "../../../drivers/pn532-reader.ts";
import { VirtualPn532 } from "../../../drivers/virtual-card-readers.ts";
import { cardReadDelays } from "../../support/card-read-delays.ts";
import { openVirtualRig } from "../../support/virtual-rig.ts";

const irqPin = 26;

/** A PN532 whose IRQ output is wired to pin 26, and a count of what the board sends it. */
async function irqRig(options: { answerAfterMs?: number; chipIrqPin?: number } = {}) {
  const rig = await openVirtualRig();
  // `chipIrqPin` other than `irqPin`: the line the reader watches is not the chip's (a broken wire).
  const chip = new VirtualPn532({ io: rig.io, pin: options.chipIrqPin ?? irqPin });
  rig.io.attachI2cDevice(0x24, chip);
  const traffic = { writes: 0, reads: 0 };
  const { i2cWrite, i2cReadOnce } = rig.io;
  rig.io.i2cWrite = (...args: Parameters<typeof i2cWrite>) => (traffic.writes++, i2cWrite.apply(rig.io, args));
  rig.io.i2cReadOnce = (...args: Parameters<typeof i2cReadOnce>) => (traffic.reads++, i2cReadOnce.apply(rig.io, args));
  const cards: string[] = [];
  const health: boolean[] = [];
  const reader = new Pn532Reader({
    board: rig.board,
    address: 0x24,
    irqPin,
    clock: rig.clock,
    log: rig.log,
    onCardPresented: (idTag) => cards.push(idTag),
    onCardLeft: () => cards.push("left"),
    onHealthChanged: (isHealthy) => health.push(isHealthy),
    ...(options.answerAfterMs === undefined ? {} : { answerAfterMs: options.answerAfterMs }),
  });
  /** Nothing on the bus since the last call. */
  const isBusQuiet = () => {
    const isQuiet = traffic.writes === 0 && traffic.reads === 0;
    traffic.writes = traffic.reads = 0;
    return isQuiet;
  };
  return { ...rig, chip, reader, cards, health, isBusQuiet };
}

/** A chip that takes every write and never has anything ready. */
const deadChip = { write: () => {}, read: (count: number) => new Array<number>(count).fill(0) };

describe("PN532 reader waiting for a card on its IRQ line", () => {
  test("sends the chip nothing while no card comes, between its periodic checks", async () => {
    const { clock, isBusQuiet } = await irqRig();
    clock.advance(1_000);
    isBusQuiet();
    clock.advance(28_000);
    expect(isBusQuiet()).toBe(true);
  });

  test.each([
    ["a real chip's answer time", undefined],
    ["a chip that answers at once (the virtual board's), read at once", 0],
  ])("reads a card presented while it waits within 300 ms: %s", async (_, answerAfterMs) => {
    const { chip, clock, cards } = await irqRig({ answerAfterMs });
    clock.advance(1_000);
    const delays = cardReadDelays({ chip, clock, cards });
    expect(delays).toHaveLength(43);
    expect(Math.max(...delays)).toBeLessThanOrEqual(300);
  });

  test("reports a card left on the reader once, and polls only while it is there", async () => {
    const { chip, clock, cards, isBusQuiet } = await irqRig();
    clock.advance(1_000);
    chip.present("04112233445566");
    clock.advance(60_000);
    expect(cards).toEqual(["04112233445566"]);
    expect(isBusQuiet()).toBe(false);
    chip.remove();
    clock.advance(1_000);
    expect(cards).toEqual(["04112233445566", "left"]);
    isBusQuiet();
    clock.advance(20_000);
    expect(isBusQuiet()).toBe(true);
  });

  test("reads a card again after it was taken away and presented again", async () => {
    const { chip, clock, cards } = await irqRig();
    clock.advance(1_000);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    chip.remove();
    clock.advance(1_000);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    chip.remove();
    clock.advance(1_000);
    chip.present("0A0B0C0D");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4", "left", "04A2B3C4", "left", "0A0B0C0D"]);
  });

  test.each([
    ["broken off: the pull-up holds it high", "high"],
    ["shorted to ground", "low"],
  ] as const)("polls instead, and says so once, when the IRQ line does not follow the chip's frames: %s", async (_, stuck) => {
    const { clock, cards, chip, log, io, isBusQuiet } = await irqRig({ chipIrqPin: irqPin + 1 });
    io.setDigitalInput(irqPin, stuck === "high" ? 1 : 0);
    clock.advance(1_000);
    const errors = () => log.lines.filter((line) => line.level === "error" && line.message.includes("PN532 IRQ line does not follow"));
    expect(errors()).toHaveLength(1);
    expect(Math.max(...cardReadDelays({ chip, clock, cards }))).toBeLessThanOrEqual(300);
    isBusQuiet();
    clock.advance(1_000);
    expect(isBusQuiet()).toBe(false);
    clock.advance(60_000);
    expect(errors()).toHaveLength(1);
  });

  test("reads a card already on the reader when it starts", async () => {
    const { chip, clock, cards } = await irqRig();
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("waits again after a garbled answer, and reads the card then", async () => {
    const { chip, clock, cards, log } = await irqRig();
    clock.advance(1_000);
    chip.garbleNextAnswers(1);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
    expect(log.lines.filter((line) => line.fields?.reason === "bad data checksum")).toHaveLength(1);
  });

  test("waits again after the board lost the reply with the card's answer, and reads the card then", async () => {
    const { io, chip, clock, cards, health, log } = await irqRig();
    clock.advance(1_000);
    io.loseI2c("replies", 1);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual([]);
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
    expect(health).toEqual([]);
    expect(log.lines.filter((line) => line.fields?.reason === "no reply within 1500 ms")).toHaveLength(1);
  });

  test("finds a chip that stopped answering at its periodic check, and reports it healthy once it answers again", async () => {
    const { io, chip, clock, health, cards } = await irqRig();
    clock.advance(1_000);
    io.attachI2cDevice(0x24, deadChip);
    clock.advance(28_000);
    expect(health).toEqual([]);
    clock.advance(10_000);
    expect(health).toEqual([false]);
    io.attachI2cDevice(0x24, chip);
    clock.advance(5_000);
    expect(health).toEqual([false, true]);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("reads a card whose IRQ edge was lost at the next periodic check", async () => {
    const { io, chip, clock, cards } = await irqRig();
    clock.advance(1_000);
    // The falling edge of the card's answer never reaches the host.
    const reports = io.listeners(`digital-read-${irqPin}`);
    io.removeAllListeners(`digital-read-${irqPin}`);
    chip.present("04A2B3C4");
    for (const listener of reports) io.on(`digital-read-${irqPin}`, listener as (value: number) => void);
    clock.advance(25_000);
    expect(cards).toEqual([]);
    clock.advance(10_000);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("leaves no timer or listener behind once disposed", async () => {
    const { io, clock, reader, chip, cards } = await irqRig();
    clock.advance(1_000);
    reader.dispose();
    expect(clock.pendingTimers).toBe(0);
    expect(io.listenerCount(`digital-read-${irqPin}`)).toBe(0);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual([]);
  });
});
