import type { Board } from "johnny-five";
import type { ReaderConfig } from "../src/config/hardware.ts";
import type { Clock, Log } from "../src/station/ports.ts";
import { Pn532Reader } from "./pn532-reader.ts";
import { UartCardReader } from "./uart-card-reader.ts";

/** The station's one card reader, whatever chip it is. */
export interface CardReader {
  dispose(): void;
}

/** Follows what the reader makes of its field: the simulated swipes wait for it. */
export interface CardReaderWatch {
  cardPresented(idTag: string): void;
  cardLeft(): void;
}

export type CardReaderDeps = {
  board: Board;
  clock: Clock;
  log: Log;
  /** An upper-case hex UID, once per presentation. */
  onCardPresented(idTag: string): void;
  /** The card of the last presentation has left the field (as far as the reader can tell). */
  onCardLeft(): void;
  /** false after repeated failures to talk to the reader (ReaderFailure), true once it answers again. */
  onHealthChanged(isHealthy: boolean): void;
  /** A PN532 that has its answer ready the moment its command is written (the virtual board's) is read at once. */
  isPn532Instant?: boolean;
};

export function createCardReader(config: ReaderConfig, deps: CardReaderDeps): CardReader | null {
  switch (config.type) {
    case "pn532":
      return new Pn532Reader({ ...deps, address: config.i2cAddress, irqPin: config.irqPin, ...(deps.isPn532Instant ? { answerAfterMs: 0 } : {}) });
    case "uart":
      return new UartCardReader({ ...deps, serialPort: config.serialPort, baudRate: config.baudRate, rxPin: config.rxPin, txPin: config.txPin });
    case "none":
      return null;
  }
}
