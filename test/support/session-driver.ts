/**
 * A field of drivers for the chaos tests: EVs plugged in and out and cards swiped at random on
 * both connectors through `csc22b7 sim`. What it believes of the world is corrected by sim's answers.
 */
import type { BinaryStation } from "./binary-station.ts";
import type { SeededRandom } from "./seeded-random.ts";

type ConnectorId = 1 | 2;
type Belief = { isPlugged: boolean; isCharging: boolean };

export class SessionDriver {
  private readonly belief: Record<ConnectorId, Belief> = { 1: { isPlugged: false, isCharging: false }, 2: { isPlugged: false, isCharging: false } };

  constructor(
    private readonly station: BinaryStation,
    private readonly random: SeededRandom,
    private readonly idTags: Record<ConnectorId, string>,
  ) {}

  /** One random action (or none) on one connector, then a pause of 50-400 ms. */
  async step(): Promise<void> {
    const id = this.random.pick([1, 2] as const);
    const args = this.nextAction(id);
    if (args) this.learn(this.belief[id], args[0]!, await this.station.sim(...args));
    await Bun.sleep(this.random.int(50, 400));
  }

  /** After a power loss no transaction runs any more; EVs stay plugged in. */
  forgetCharging(): void {
    for (const id of [1, 2] as const) this.belief[id].isCharging = false;
  }

  private nextAction(id: ConnectorId): string[] | undefined {
    const state = this.belief[id];
    if (!state.isPlugged) return ["plug", String(id)];
    if (!state.isCharging) return this.random.chance(0.85) ? ["swipe", this.idTags[id]] : ["unplug", String(id)];
    if (this.random.chance(0.2)) return ["swipe", this.idTags[id]];
    return this.random.chance(0.05) ? ["unplug", String(id)] : undefined;
  }

  private learn(state: Belief, action: string, result: { exitCode: number; stderr: string }): void {
    if (action === "plug") state.isPlugged = result.exitCode === 0 || result.stderr.includes("already plugged");
    else if (action === "unplug") state.isPlugged = false;
    else if (action === "swipe" && result.exitCode === 0) state.isCharging = !state.isCharging;
  }
}
