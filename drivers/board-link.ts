import type { Board } from "johnny-five";
import { johnnyFive } from "./johnny-five-parts.ts";
import type { Log } from "../src/station/ports.ts";

/** The link to the I/O board; the drivers are built on each `connected` board and dropped on `disconnected`. */
export interface BoardLink {
  readonly kind: "virtual" | "firmata";
  /** The board while connected. */
  readonly board: Board | null;
  onConnected(listener: (board: Board) => void): void;
  onDisconnected(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

/**
 * A johnny-five Board on an IO plugin, resolved once ready. Without `board` johnny-five attaches a component
 * to the first Board ever made in the process, so every driver gets this one passed explicitly.
 */
export function openBoard(io: object, log: Log): Promise<Board> {
  return new Promise((resolve, reject) => {
    const board = new (johnnyFive().Board)({ io, repl: false, debug: false, sigint: false });
    board.on("ready", () => resolve(board));
    board.on("error", (error) => {
      log.error("board error", { error: error.message });
      reject(error);
    });
  });
}
