import { createVirtualHardware } from "../../drivers/virtual-board.ts";
import { FakeClock } from "./fake-clock.ts";
import { tempDir } from "./temp-dir.ts";
import { hardwareConfig, MemoryMeterPersistence, RecordingLog } from "./virtual-rig.ts";

/**
 * Time for the pilot to settle: with no energy flowing the board reports every 500 ms, then three fast
 * samples of 19 ms confirm a change (drivers/control-pilot.ts, `pilotSampling`); and the contactor's travel.
 */
export const settleMs = 600;

/**
 * The station's hardware on the virtual board with its world, timed by a FakeClock. Call it inside a test:
 * the data directory is temporary unless given.
 */
export async function openVirtualStation(options: { dataDir?: string; config?: Record<string, unknown>; persistence?: MemoryMeterPersistence } = {}) {
  const clock = new FakeClock();
  const log = new RecordingLog();
  const dataDir = options.dataDir ?? tempDir();
  const persistence = options.persistence ?? new MemoryMeterPersistence();
  const { station, world, io } = createVirtualHardware(hardwareConfig(options.config), { clock, log, dataDir, persistence });
  await station.started;
  const [one, two] = station.connectors as [(typeof station.connectors)[0], (typeof station.connectors)[0]];
  const settle = (ms = settleMs) => clock.advance(ms);
  /** Plugs an EV into connector 1, offers `limitA` and closes the contactor: energy flows. */
  const startCharging = (limitA = 16) => {
    world.apply({ action: "plug", connectorId: 1 });
    one.offerCurrent(limitA);
    settle();
    const closed = one.closeContactor();
    settle();
    return closed;
  };
  return { clock, log, dataDir, persistence, station, world, io, one, two, settle, startCharging };
}
