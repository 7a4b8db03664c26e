/**
 * The emulated Arduino Mega 2560's process: `bun board-process.ts <hex>`, steered by the test over IPC.
 * It lives for a whole test file, so that the JIT's warm-up is paid once; each `plugIn` powers a fresh
 * board up on a PTY (the firmware boots from reset), and only one board is powered at a time.
 */
import type { BoardAnswers, BoardMessage, BoardRequest } from "./board-protocol.ts";
import { PoweredBoard } from "./powered-board.ts";

const [hexPath] = process.argv.slice(2);
if (!hexPath) throw new Error("usage: board-process.ts <hex>");
const hex = await Bun.file(hexPath).text();
let board: PoweredBoard | null = null;

process.on("message", (message: { id: number } & BoardRequest) => {
  handle(message).then(
    (result) => send({ kind: "answer", id: message.id, result }),
    (error: unknown) => send({ kind: "failed", id: message.id, reason: error instanceof Error ? error.message : String(error) }),
  );
});
send({ kind: "running" });

function send(message: BoardMessage): void {
  process.send?.(message);
}

async function handle(request: BoardRequest): Promise<BoardAnswers[BoardRequest["command"]]> {
  if (request.command === "plugIn") {
    board?.switchOff();
    const powered = await PoweredBoard.start(hex, request.ptyPath, () => board === powered && (board = null));
    board = powered;
    return null;
  }
  if (request.command === "switchOff") {
    board?.switchOff();
    board = null;
    return null;
  }
  if (!board) throw new Error(`no board is plugged in for ${request.command}`);
  switch (request.command) {
    case "setAnalogVolts":
      board.setAnalogVolts(request.channel, request.volts);
      return null;
    case "setInput":
      board.setInput(request.pin, request.isHigh);
      return null;
    case "wireContactor":
      board.wireContactor(request.relayPin, request.feedbackPin, request.travelMs);
      return null;
    case "pulse":
      return board.pulse(request.pin, request.count, request.highMs, request.lowMs);
    case "waitForLevel":
      return board.waitForLevel(request.pin, request.level, request.timeoutMs);
    case "waitForDuty":
      return board.waitForDuty(request.pin, request.minPct, request.maxPct, request.timeoutMs);
    case "presentCard":
      board.presentCard(request.uid);
      return null;
    case "sendSerial":
      return board.sendSerial(request.usart, request.baud, request.bytes);
    case "loseNext":
      return board.loseNext(request.message);
    case "hang":
      board.hang();
      return null;
    case "stats":
      return board.stats();
  }
}
