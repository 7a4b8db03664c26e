import type { Board } from "johnny-five";
import * as v from "valibot";
import { openBoard } from "../../drivers/board-link.ts";
import { VirtualIO } from "../../drivers/virtual-io.ts";
import { HardwareConfig } from "../../src/config/hardware.ts";
import type { MeterPersistence } from "../../src/station/hardware-ports.ts";
import type { Log } from "../../src/station/ports.ts";
import { FakeClock } from "./fake-clock.ts";

export type LogLine = { level: "debug" | "info" | "warn" | "error"; message: string; fields: Record<string, unknown> | undefined };

/** A Log that keeps its lines for the test to read. */
export class RecordingLog implements Log {
  readonly lines: LogLine[] = [];
  debug(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: "debug", message, fields });
  }
  info(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: "info", message, fields });
  }
  warn(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: "warn", message, fields });
  }
  error(message: string, fields?: Record<string, unknown>): void {
    this.lines.push({ level: "error", message, fields });
  }
  messages(level: LogLine["level"]): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}

/** Energy registers in memory; `saves` counts the writes so tests can check how often the meter saves. */
export class MemoryMeterPersistence implements MeterPersistence {
  readonly registers = new Map<number, number>();
  saves = 0;
  load(connectorId: number): number {
    return this.registers.get(connectorId) ?? 0;
  }
  save(connectorId: number, energyWh: number): void {
    this.saves++;
    this.registers.set(connectorId, energyWh);
  }
}

/** A johnny-five Board on a fresh virtual IO plugin, timed by a FakeClock. */
export async function openVirtualRig(): Promise<{ clock: FakeClock; io: VirtualIO; board: Board; log: RecordingLog }> {
  const clock = new FakeClock();
  const io = new VirtualIO(clock);
  const log = new RecordingLog();
  const board = await openBoard(io, log);
  return { clock, io, board, log };
}

/** The `hardware` section as the configuration loader would produce it. */
export function hardwareConfig(overrides: Record<string, unknown> = {}): HardwareConfig {
  return v.parse(HardwareConfig, { board: "virtual", ...overrides });
}
