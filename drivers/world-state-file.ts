import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from "node:fs";
import { dirname, join } from "node:path";
import * as v from "valibot";
import { ChargePointErrorCode } from "../src/messages/status-notification.ts";
import type { Log } from "../src/station/ports.ts";
import { emptyConnectorState, type VirtualConnectorState } from "./virtual-connector.ts";

const ConnectorState = v.object({
  isPlugged: v.boolean(),
  isSuspended: v.boolean(),
  isEvFaulted: v.boolean(),
  contactorDefect: v.nullable(v.picklist(["welded", "stuckOpen"])),
  energyWh: v.pipe(v.number(), v.minValue(0)),
  /** A station-side fault put on the connector with `sim fault`. */
  fault: v.nullable(ChargePointErrorCode),
});

const WorldState = v.object({
  version: v.literal(1),
  connectors: v.record(v.string(), ConnectorState),
  stationFault: v.nullable(ChargePointErrorCode),
});
export type WorldState = v.InferOutput<typeof WorldState>;
export type WorldConnectorState = VirtualConnectorState & { fault: ChargePointErrorCode | null };

export const emptyWorldConnector: WorldConnectorState = { ...emptyConnectorState, fault: null };

/** The virtual world's state in dataDir, replaced atomically (temp file, fsync, rename) so a kill never leaves half a file. */
export class WorldStateFile {
  readonly path: string;

  constructor(
    dataDir: string,
    private readonly log: Log,
  ) {
    this.path = join(dataDir, "virtual-world.json");
  }

  /** A missing file is a fresh world; an unreadable one is logged and replaced by a fresh world. */
  load(): WorldState {
    const fresh: WorldState = { version: 1, connectors: {}, stationFault: null };
    if (!existsSync(this.path)) return fresh;
    try {
      return v.parse(WorldState, JSON.parse(readFileSync(this.path, "utf8")));
    } catch (error) {
      this.log.warn("virtual world state unreadable; starting from an empty world", { file: this.path, error: String(error) });
      return fresh;
    }
  }

  save(state: WorldState): void {
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      const fd = openSync(temp, "w", 0o600);
      try {
        writeSync(fd, JSON.stringify(state, null, 2) + "\n");
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temp, this.path);
    } catch (cause) {
      throw new Error(`saving the virtual world to ${this.path} failed`, { cause });
    }
  }
}
