import { describe, expect, test } from "bun:test";
import { Pn532Reader } from "../../../drivers/pn532-reader.ts";
import { decodeFrame, encodeFrame } from "../../../drivers/pn532-frame.ts";
import { encodeUartFrame, UartCardReader, UartFrameDecoder } from "../../../drivers/uart-card-reader.ts";
import { VirtualPn532, VirtualUartReader } from "../../../drivers/virtual-card-readers.ts";
import { SERIAL_PORT_IDs } from "../../../drivers/virtual-io.ts";
import { cardReadDelays } from "../../support/card-read-delays.ts";
import { openVirtualRig } from "../../support/virtual-rig.ts";

async function pn532Rig(options: { isChipPresent?: boolean; answerAfterMs?: number } = {}) {
  const rig = await openVirtualRig();
  const chip = new VirtualPn532();
  if (options.isChipPresent ?? true) rig.io.attachI2cDevice(0x24, chip);
  const cards: string[] = [];
  const health: boolean[] = [];
  const reader = new Pn532Reader({
    board: rig.board,
    address: 0x24,
    clock: rig.clock,
    log: rig.log,
    onCardPresented: (idTag) => cards.push(idTag),
    onCardLeft: () => cards.push("left"),
    onHealthChanged: (isHealthy) => health.push(isHealthy),
    ...(options.answerAfterMs === undefined ? {} : { answerAfterMs: options.answerAfterMs }),
  });
  return { ...rig, chip, reader, cards, health };
}

async function uartRig() {
  const rig = await openVirtualRig();
  const cards: string[] = [];
  const reader = new UartCardReader({
    board: rig.board,
    serialPort: "HW_SERIAL1",
    baudRate: 9600,
    clock: rig.clock,
    log: rig.log,
    onCardPresented: (idTag) => cards.push(idTag),
    onCardLeft: () => cards.push("left"),
  });
  const send = (bytes: number[]) => rig.io.receiveSerial(SERIAL_PORT_IDs.HW_SERIAL1, bytes);
  return { ...rig, reader, cards, send };
}

describe("PN532 frames", () => {
  test("encodes SAMConfiguration exactly as the PN532 user manual shows it", () => {
    expect(encodeFrame(0xd4, [0x14, 0x01, 0x14, 0x01])).toEqual([0x00, 0x00, 0xff, 0x05, 0xfb, 0xd4, 0x14, 0x01, 0x14, 0x01, 0x02, 0x00]);
  });

  test("decodes a frame and rejects one with a bad checksum", () => {
    const frame = encodeFrame(0xd5, [0x4b, 0x00]);
    expect(decodeFrame([0x01, ...frame])).toEqual({ ok: true, tfi: 0xd5, data: [0x4b, 0x00] });
    const spoiled = [...frame];
    spoiled[6] = 0x01;
    expect(decodeFrame(spoiled)).toEqual({ ok: false, reason: "bad data checksum" });
    expect(decodeFrame(frame.slice(0, 6))).toEqual({ ok: false, reason: "truncated frame" });
  });
});

describe("PN532 reader over I2C", () => {
  test("reports a 4-byte card as upper-case hex", async () => {
    const { chip, clock, cards } = await pn532Rig();
    clock.advance(1_000);
    chip.present("04a2b3c4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test.each([
    ["a real chip's answer time", undefined],
    ["a chip that answers at once (the virtual board's), read at once", 0],
  ])("reads a card within 300 ms of its presentation, wherever in the poll it falls: %s", async (_, answerAfterMs) => {
    const { chip, clock, cards } = await pn532Rig({ answerAfterMs });
    clock.advance(1_000);
    const delays = cardReadDelays({ chip, clock, cards });
    expect(Math.max(...delays)).toBeLessThanOrEqual(300);
    // Presentations fall all over the poll: some are read by the poll under way, others wait for the next.
    expect(Math.min(...delays)).toBeLessThan(50);
    expect(Math.max(...delays)).toBeGreaterThan(200);
  });

  test("reports a card held on the reader once", async () => {
    const { chip, clock, cards } = await pn532Rig();
    chip.present("04112233445566");
    clock.advance(30_000);
    expect(cards).toEqual(["04112233445566"]);
  });

  test("reports the same card again after it was taken away and presented again", async () => {
    const { chip, clock, cards } = await pn532Rig();
    chip.present("04A2B3C4");
    clock.advance(1_000);
    chip.remove();
    clock.advance(1_000);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4", "left", "04A2B3C4"]);
  });

  test("reports a card gone only after two polls without it, so a card lifted for a moment stays one presentation", async () => {
    const { chip, clock, cards } = await pn532Rig();
    chip.present("04A2B3C4");
    clock.advance(1_000);
    chip.remove();
    clock.advance(300);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
    chip.remove();
    clock.advance(600);
    expect(cards).toEqual(["04A2B3C4", "left"]);
  });

  test("reports a different card at once, even without a gap", async () => {
    const { chip, clock, cards } = await pn532Rig();
    chip.present("04A2B3C4");
    clock.advance(1_000);
    chip.present("0A0B0C0D");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4", "0A0B0C0D"]);
  });

  test("drops a garbled answer without reporting the held card twice", async () => {
    const { chip, clock, cards, health, log } = await pn532Rig();
    chip.present("04A2B3C4");
    clock.advance(1_000);
    chip.garbleNextAnswers(2);
    clock.advance(5_000);
    expect(cards).toEqual(["04A2B3C4"]);
    expect(health).toEqual([]);
    expect(log.lines.filter((line) => line.fields?.reason === "bad data checksum")).toHaveLength(2);
  });

  test("reads a card whose first answer was garbled on the next poll", async () => {
    const { chip, clock, cards } = await pn532Rig();
    clock.advance(1_000);
    chip.garbleNextAnswers(1);
    chip.present("04A2B3C4");
    clock.advance(300);
    expect(cards).toEqual([]);
    clock.advance(700);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("reports a reader that does not answer as unhealthy, and healthy once it answers", async () => {
    const { io, chip, clock, health } = await pn532Rig({ isChipPresent: false });
    clock.advance(10_000);
    expect(health).toEqual([false]);
    io.attachI2cDevice(0x24, chip);
    clock.advance(10_000);
    expect(health).toEqual([false, true]);
  });

  test("keeps polling after the board loses the answer to an I2C read, and reads the card presented next", async () => {
    const { io, chip, clock, cards, health, log } = await pn532Rig();
    clock.advance(1_000);
    io.loseI2c("replies", 1);
    clock.advance(2_000);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
    expect(health).toEqual([]);
    expect(log.lines.filter((line) => line.fields?.reason === "no reply within 1500 ms")).toHaveLength(1);
  });

  test("keeps polling after the board loses I2C requests, the reads among them never answered", async () => {
    const { io, chip, clock, cards, log } = await pn532Rig();
    clock.advance(1_000);
    io.loseI2c("requests", 2);
    clock.advance(2_000);
    chip.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4"]);
    expect(log.lines.filter((line) => line.fields?.reason === "no reply within 1500 ms")).toHaveLength(1);
  });

  test("reports the reader unhealthy while its answers are lost, healthy again once they arrive, and reads a card then", async () => {
    const { io, chip, clock, cards, health } = await pn532Rig();
    clock.advance(1_000);
    io.loseI2c("replies", Infinity);
    // Each lost exchange ends 1.5 s after it began, the next one begins 250 ms later: the third failure is the one.
    clock.advance(3_000);
    expect(health).toEqual([]);
    clock.advance(2_250);
    expect(health).toEqual([false]);
    clock.advance(60_000);
    expect(health).toEqual([false]);
    io.loseI2c("replies", 0);
    chip.present("04A2B3C4");
    clock.advance(2_000);
    expect(health).toEqual([false, true]);
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("leaves no read waiting for an answer that was lost, so a late one cannot be taken for the next", async () => {
    const { io, clock } = await pn532Rig();
    clock.advance(1_000);
    io.loseI2c("replies", Infinity);
    clock.advance(30_000);
    expect(io.listenerCount("I2C-reply-36-0")).toBeLessThanOrEqual(1);
  });

  test("gives up the exchange under way when disposed, waiting for no answer", async () => {
    const { io, clock, reader } = await pn532Rig();
    clock.advance(1_000);
    io.loseI2c("replies", Infinity);
    clock.advance(100);
    reader.dispose();
    expect(io.listenerCount("I2C-reply-36-0")).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  test("stops polling once disposed", async () => {
    const { chip, clock, cards, reader } = await pn532Rig();
    reader.dispose();
    chip.present("04A2B3C4");
    clock.advance(5_000);
    expect(cards).toEqual([]);
  });
});

describe("UART card reader", () => {
  test("reports a framed card id as upper-case hex", async () => {
    const { send, cards } = await uartRig();
    send(encodeUartFrame("04a2b3c4"));
    expect(cards).toEqual(["04A2B3C4"]);
  });

  test("reassembles a frame that arrives in pieces", () => {
    const frame = encodeUartFrame("0A0B0C0D0E");
    const decoder = new UartFrameDecoder();
    expect(decoder.push(frame.slice(0, 4))).toEqual([]);
    expect(decoder.push(frame.slice(4))).toEqual([{ ok: true, uid: "0A0B0C0D0E" }]);
  });

  test("drops a garbled frame and reads the next good one", async () => {
    const { send, cards, log } = await uartRig();
    const spoiled = encodeUartFrame("04A2B3C4");
    spoiled[3] = 0x46;
    send([0x55, 0x00, ...spoiled, 0x13, 0x02, 0x30, ...encodeUartFrame("11223344")]);
    expect(cards).toEqual(["11223344"]);
    expect(log.lines.map((line) => line.fields?.reason)).toContain("bad checksum");
    expect(log.lines.map((line) => line.fields?.reason)).toContain("frame cut short by a new STX");
  });

  test("drops text that is not a hex UID and frames that never end", async () => {
    const decoder = new UartFrameDecoder();
    expect(decoder.push([0x02, ...Buffer.from("HELLO WORLD"), 0x03])).toEqual([{ ok: false, reason: "not a hex UID with checksum" }]);
    expect(decoder.push([0x02, ...new Array(30).fill(0x30)])).toEqual([{ ok: false, reason: "frame too long" }]);
  });

  test("reports a card held on the reader (repeating its frame) once, and again after it was away", async () => {
    const { io, clock, cards } = await uartRig();
    const device = new VirtualUartReader(io, SERIAL_PORT_IDs.HW_SERIAL1, clock);
    device.present("04A2B3C4");
    clock.advance(10_000);
    expect(cards).toEqual(["04A2B3C4"]);
    device.remove();
    clock.advance(1_000);
    device.present("04A2B3C4");
    clock.advance(1_000);
    expect(cards).toEqual(["04A2B3C4", "left", "04A2B3C4"]);
  });

  test("stops listening once disposed", async () => {
    const { send, cards, reader } = await uartRig();
    reader.dispose();
    send(encodeUartFrame("04A2B3C4"));
    expect(cards).toEqual([]);
  });
});
